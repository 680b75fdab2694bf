/**
 * Sentence rules of the behaviour models: which phrases are evidence, in which reading.
 *
 * A rule is a list of phrases (catalog syntax: `word*` prefix, `#` a number or number word,
 * `@class` a word of one of the classes below) and conditions on where the phrase stands:
 * - `negation`: what a negation in scope does (reader.ts: a negator up to five tokens back in the
 *   same clause, or "not"/"never" right after). `block` (default): the phrase does not count;
 *   `flip`: it counts against the model instead ("I will not help"); `ignore`: negation is part
 *   of the meaning ("don't waste my time").
 * - `subject`: the nearest personal subject before the phrase in its clause must be first person
 *   (I/we/let me) or second person (you/your).
 * - `clauseEnd`: the phrase must close its clause ("Whatever." but not "whatever you need").
 * - `notFollowedBy` / `notPrecededBy`: the next / previous token must not be one of these words
 *   (word senses: "stroke of luck", "late payment").
 * - `mood`: statements only, or questions only.
 * - `weight`: how strong the evidence of one matching sentence is, 0..1 (default 1).
 *
 * A sentence's evidence for a model is 1 − Π(1 − weight) over the rules that match it (each rule
 * once); `against` rules give the evidence against. Word senses that need more than one word of
 * context are written as longer phrases rather than as bare words.
 */
import { PHRASES } from './phrases.js';

export interface Rule {
  phrases: readonly string[];
  weight?: number;
  negation?: 'block' | 'flip' | 'ignore';
  subject?: 'first' | 'second';
  clauseEnd?: boolean;
  notFollowedBy?: readonly string[];
  notPrecededBy?: readonly string[];
  mood?: 'statement' | 'question';
}

export interface RuleSet {
  for: readonly Rule[];
  against?: readonly Rule[];
}

const KIN = [
  'father', 'dad', 'mother', 'mum', 'mom', 'husband', 'wife', 'partner', 'son', 'daughter', 'brother', 'sister',
  'grandmother', 'grandma', 'nan', 'grandfather', 'grandad', 'uncle', 'aunt', 'friend', 'baby', 'child', 'parents',
];

export const WORD_CLASSES: Readonly<Record<string, readonly string[]>> = {
  person: [
    'father', 'dad', 'daddy', 'mother', 'mum', 'mom', 'mummy', 'husband', 'wife', 'partner', 'son', 'daughter',
    'brother', 'sister', 'grandmother', 'grandma', 'gran', 'nan', 'nana', 'grandfather', 'grandad', 'granddad',
    'grandpa', 'uncle', 'aunt', 'auntie', 'cousin', 'friend', 'baby', 'child', 'boyfriend', 'girlfriend', 'fiance',
    'fiancee', 'parents', 'parent', 'mam', 'he', 'she', 'stepdad', 'stepmum', 'nephew', 'niece', 'twin',
  ],
  /** Close relations, with their possessive ("my late husband's policy"). */
  kin: [...KIN, ...KIN.map((k) => `${k}'s`)],
  condition: [
    'cancer', 'diabetes', 'dementia', "alzheimer's", 'alzheimers', 'epilepsy', 'ms', "parkinson's", 'parkinsons',
    'arthritis', 'asthma', 'copd', 'pneumonia', 'covid', 'depression', 'anxiety', 'ptsd', 'bipolar', 'schizophrenia',
    'autism', 'adhd', 'dyslexia', 'sclerosis', 'leukaemia', 'leukemia', 'tumour', 'tumor', 'stroke', 'angina',
    'ocd', 'fibromyalgia', 'lupus', 'hiv', 'kidney', 'heart', 'illness', 'condition', 'disability', 'injury',
  ],
  mine: ['my', 'our', 'his', 'her', 'their'],
};

/** Rude, dismissive or blaming agent language: against InappropriateAction and BuildRapport. */
const RUDE: readonly Rule[] = [
  {
    phrases: [
      'shut up', 'calm down', 'stupid', 'idiot', 'dumb', 'moron', 'pathetic', 'ridiculous', 'useless', 'not my problem',
      'your problem', 'not my department', 'not my job', 'you people', 'people like you', 'you lot', "i don't care",
      'i do not care', 'listen to me', 'i already told you', 'i already said', 'as i already said', 'i told you',
      'how many times', 'deal with it', 'take it or leave it', 'go away', 'stop shouting', 'stop yelling',
      'stop interrupting', 'are you deaf', "can't you read", 'are you even listening', 'are you done', 'figure it out',
      'work it out yourself', 'call someone else', 'ring someone else', 'i have other customers', "i've got other customers",
      "haven't got all day", "don't have all day", 'hurry up', 'be quick', 'wasting my time', 'waste my time',
      'speak properly', "can't understand a word", 'stupid question', 'in this mess', "if you'd read", 'if you had read',
      'tough luck', 'should have called earlier', "should've called earlier", 'thieves', "that's a joke", 'what do you want',
      'ugh', 'fuck*', 'shit*', 'damn', 'crap', 'bloody', 'wtf', 'bitch', 'bastard', 'obviously', 'duh', 'seriously ?',
      'no offence', 'no offense', 'ring claims', 'call back later', 'not staying on the line', 'your fault',
      'down to you', 'you should have', "you should've", "you ought to have known",
    ],
  },
  // Rude with the negation as part of the phrase's meaning.
  { phrases: ['waste my time', 'in this mess', 'be stupid', 'be ridiculous'], negation: 'ignore' },
  { phrases: ['whatever'], clauseEnd: true, negation: 'ignore' },
  // Blame: "you entered the wrong number", but not "you did nothing wrong".
  { phrases: ['wrong', 'mistake', 'messed up', 'got it wrong'], subject: 'second', weight: 0.8 },
];

/** Rules whose phrases were moved over from the cue lists unchanged, apart from scope. */
function plain(phrases: readonly string[], weight = 0.8): Rule {
  return { phrases, weight };
}

export const RULES = {
  ActiveListening: {
    for: [
      {
        phrases: [
          'so you are saying', "so you're saying", 'what i am hearing', "what i'm hearing", 'if i understand correctly',
          'if i understand you correctly', 'if i heard you right', 'let me make sure i', 'just to make sure i',
          'so the issue is', 'so the problem is', 'you mentioned', 'as you mentioned', 'as you said', 'you said',
          'it sounds like', 'sounds like you', 'thanks for explaining', 'thank you for explaining',
        ],
      },
      { phrases: ['i see', 'i understand', 'got it', 'that makes sense', 'i hear you', 'noted', 'right , so', 'okay , so', 'ok , so'], weight: 0.35 },
    ],
  },
  BeEmpathetic: {
    for: [
      {
        phrases: [
          'sorry to hear', 'sorry for your loss', 'so sorry', 'really sorry', 'truly sorry', "i'm sorry", 'i am sorry',
          "we're sorry", 'we are sorry', 'sorry about', 'sorry that', 'sorry you', 'apologi*', 'my condolences',
          'i understand how', 'i understand why', 'i understand your', 'i understand that', 'i completely understand',
          'i totally understand', 'i can understand', 'i can imagine', 'i can only imagine', 'i can see why',
          'i can see how', 'i can see that', 'that must be', 'that must have been', 'must be so', 'must be really',
          'must be frustrating', 'must be difficult', 'must be hard', 'how frustrating', 'how worrying',
          'that sounds really', 'that sounds awful', 'that sounds so', 'that sounds stressful', 'that sounds difficult',
          'that sounds hard', 'that sounds frightening', 'sounds really stressful', "i'd feel the same",
          'i would feel the same', 'completely natural', 'perfectly natural', 'completely normal to', 'understandable',
          'understandably', "you're not alone", 'you are not alone', 'i want to reassure', 'rest assured',
          "don't worry", 'do not worry', 'take your time', "that's a lot to", 'that is a lot to', 'what a letdown',
          'such a disappointment', 'how disappointing', 'far too long', "shouldn't happen", "shouldn't have happened",
          'should not have happened', 'oh no', "that's awful", 'that is awful', "that's terrible", 'that is terrible',
          "that's horrible", 'a horrible shock', 'clear you care', 'worrying position', 'worrying time',
          'difficult time', 'hard time', 'thank you for your patience', 'thanks for your patience',
          'appreciate your patience', 'we will go through it together', "we'll go through it together",
          'go through them together', 'go through it together',
        ],
      },
    ],
  },
  DemonstrateOwnership: {
    for: [
      {
        phrases: [
          'i will', "i'll", 'let me', "i'm going to", 'i am going to', 'i have gone ahead', "i've gone ahead",
          'i went ahead', 'leave it with me', "we'll get this sorted", 'we will get this sorted', "we'll look into",
          'we will look into', "we'll take care", 'we will take care', "we'll make sure", 'we will make sure',
          "let's get", "let's look", "let's sort", "i've updated", 'i have updated', "i've processed", 'i have processed',
          "i've arranged", 'i have arranged', "i've escalated", 'i have escalated', "i've sent", 'i have sent',
          "i've fixed", 'i have fixed', "i've issued", 'i have issued', "i've refunded", 'i have refunded',
          "i've reversed", 'i have reversed', "i've booked", 'i have booked', "i've cancelled", 'i have cancelled',
          "i've raised", 'i have raised', 'i can sort', 'i can fix', 'i can take care', 'i can help',
        ],
        negation: 'flip',
        notFollowedBy: ['be', 'tell', 'explain', 'transfer', 'put'],
        mood: 'statement',
      },
    ],
    against: [
      {
        phrases: [
          'not my department', 'not our department', 'nothing i can do', 'nothing we can do', "you'll have to call",
          'you will have to call', 'you need to call', 'you need to contact', "you'll need to contact",
          'not my problem', 'not my job', "can't help you", 'cannot help you', 'not responsible', "that's not us",
          'out of my hands', "i don't handle", 'ring claims', 'call someone else', 'call back later', "i won't",
          'i will not', "i'm not going to", 'i am not going to', "i can't", 'i cannot', "i don't book",
        ],
        negation: 'ignore',
      },
    ],
  },
  BuildRapport: {
    for: [
      { phrases: ['hello', 'hi', 'hey', 'good morning', 'good afternoon', 'good evening', 'welcome'], weight: 0.35 },
      {
        phrases: [
          'thanks for calling', 'thank you for calling', 'thanks for contacting', 'thank you for contacting',
          'how are you', "how's your day", 'how is your day', 'hope you are', "hope you're", 'nice to', 'lovely to',
          'pleasure', 'happy to help', 'glad to help', 'have a great', 'have a good', 'have a nice', 'have a lovely',
          'have a wonderful', 'enjoy', 'take care', 'my name is', 'call me', "i'm here to help", 'i am here to help',
          'thank you so much', 'thanks so much', 'much appreciated', 'kind regards', 'make today easier',
        ],
        weight: 0.6,
      },
      { phrases: ['thank you', 'thanks', 'please', 'appreciate', "you're welcome", 'you are welcome'], weight: 0.4 },
      { phrases: ['mr', 'mrs', 'ms', 'miss'], weight: 0.3 },
    ],
    against: RUDE,
  },
  SetExpectations: {
    for: [
      {
        phrases: [
          'within # hours', 'within # days', 'within # business days', 'within # working days', 'within # minutes',
          'within # weeks', 'within the next', 'within 24', 'within 48', 'in # hours', 'in # days',
          'in # business days', 'in # working days', 'in # minutes', 'you will receive', "you'll receive",
          'you should receive', 'you should see', 'you will see', "you'll see",
          'you will get', "you'll get", "you'll hear", 'you will hear', 'will arrive', 'should arrive', 'it will take',
          "it'll take", 'it takes', 'it may take', 'expect', 'by tomorrow', 'by the end', 'by monday', 'by tuesday',
          'by wednesday', 'by thursday', 'by friday', 'by #', 'by # am', 'by # pm', 'get back to you', 'call you back',
          'what happens next', 'next step', 'next steps', 'the process is', 'goes live',
        ],
        mood: 'statement',
      },
      // "You'll have it by Friday", not "you'll have to call billing".
      { phrases: ["you'll have", 'you will have'], notFollowedBy: ['to'], mood: 'statement' },
    ],
  },
  PromoteSelfService: {
    for: [
      {
        phrases: [
          'online', 'website', 'web site', 'our site', 'the app', 'our app', 'in the app', 'nhs app', 'mobile app',
          'self service', 'self-service', 'portal', 'log in', 'login', 'sign in', 'my account', 'account settings',
          'help centre', 'help center', 'support page', 'faq', 'faqs', 'url', 'link', 'chatbot', 'virtual assistant',
          'automated line',
        ],
      },
    ],
  },
  AcknowledgeLoyalty: { for: [plain(PHRASES.AcknowledgeLoyalty.cues)] },
  InappropriateAction: { for: [], against: RUDE },
  DiscoverNeeds: { for: [{ phrases: PHRASES.DiscoverNeeds.cues, mood: 'question' }] },
  PresentValue: { for: [{ ...plain(PHRASES.PresentValue.cues, 0.6), mood: 'statement' }] },
  RecommendSolution: { for: [{ ...plain(PHRASES.RecommendSolution.cues, 0.6) }] },
  CreateUrgency: { for: [plain(PHRASES.CreateUrgency.cues)] },
  AskForCommitment: {
    for: [
      {
        phrases: PHRASES.AskForCommitment.cues.filter((c) => c !== 'place the order' && c !== 'sign up'),
        mood: 'question',
      },
      { phrases: ['shall i', 'should i', 'can i go ahead', 'would you like me to'], weight: 0.5, mood: 'question' },
    ],
  },
  OfferAdditionalProducts: { for: [plain(PHRASES.OfferAdditionalProducts.cues, 0.7)] },
  ConfirmNextSteps: {
    for: [
      {
        phrases: [
          'to summari*', 'to summari*', 'summari*', 'in summary', 'to sum up', 'summing up', 'recap*', 'to wrap up',
          'wrap things up', 'so we have agreed', "so we've agreed", 'as agreed', 'we agreed', 'what we agreed',
          'what happens next', "here's what happens", 'here is what happens', 'what happens now', 'next steps',
          'next step', 'let me confirm', 'to confirm', 'go over it once more', 'go over what', 'run through what',
          'the plan is', 'from our side', "what we've done", 'what we have done',
        ],
        mood: 'statement',
      },
      { phrases: ["you're all set", 'you are all set', 'confirmation email', 'reference number'], weight: 0.4 },
    ],
  },
  Health: {
    for: [
      {
        phrases: [
          '@mine @condition', 'have @condition', "i've got @condition", 'got @condition', 'with @condition',
          'diagnosed', 'had a stroke', 'suffered a stroke', 'heart attack', 'terminal*', 'terminally ill', 'seriously ill',
          "i'm ill", 'i am ill', 'been ill', 'fell ill', "i'm sick", 'i am sick', 'been sick', 'sick leave',
          "i'm disabled", 'i am disabled', 'disabled person', "i'm registered disabled", 'disability', 'in hospital',
          'in the hospital', 'into hospital', 'out of hospital', 'from hospital', 'hospital stay', 'hospital appointment',
          'hospitalised', 'hospitalized', 'my doctor', 'the doctor said', 'my gp', 'chemo*', 'radiotherapy',
          'surgery', 'operation on my', 'mental health', 'depressed', 'antidepressant*', 'panic attack*', 'medication',
          'wheelchair', "i'm blind", 'i am blind', 'partially sighted', "i'm deaf", 'i am deaf', 'partially deaf',
          'hard of hearing', 'hearing aid', 'dementia', 'cancer', 'diabet*', 'epilep*', 'seizure*', 'pregnant',
          'carer for', 'caring for my', 'i care for', 'care home', 'chronic', 'therapy', 'my therapist', 'injured',
          'broke my', 'multiple sclerosis', 'pneumonia', 'my anxiety', 'my depression', 'health problem*',
          'health condition*', 'health issue*', 'unwell', 'in pain', 'my hands', 'can not walk', "can't walk",
        ],
      },
    ],
  },
  Bereavement: {
    for: [
      {
        phrases: [
          '@person died', '@person has died', '@person just died', '@person passed', '@person has passed',
          '@person just passed', 'passed away', 'lost my @kin', 'lost our @kin', 'late @kin',
          'funeral', 'a death', 'death of my', 'death in the family', 'bereave*', 'widow*', 'probate',
          'executor', 'death certificate', 'grief', 'grieving', 'mourning', 'condolences', 'her estate', 'his estate',
        ],
      },
    ],
  },
  FinancialHardship: {
    for: [
      {
        phrases: [
          "can't afford", 'cannot afford', "couldn't afford", 'could not afford', "can't pay", 'cannot pay',
          "couldn't pay", 'unable to pay', 'not able to pay', "can't keep up", 'cannot keep up', 'fallen behind',
          'fell behind', 'behind on', 'behind with', 'in arrears', 'arrears', 'debt', 'debts', 'in the red',
          'i owe #', 'owe about', 'owe around', 'owe over', 'owe more', 'missed payment*', 'overdrawn', 'struggling to pay',
          'struggling financially', 'struggling with money', 'struggling with the bills', 'no money', 'skint',
          "i'm broke", 'i am broke', 'completely broke', 'flat broke', 'broke until', 'bounced', 'lost my job',
          'laid off', 'unemployed', 'made redundant', 'out of work', 'hours were cut', 'hours cut', 'on benefits',
          'universal credit', 'food bank', 'bailiff*', 'debt collector*', 'bankrupt*', 'payment plan', 'payment holiday',
          'hardship', 'payday lender', 'payday loan', 'low income', 'eviction', 'evicted', 'repossess*', 'loan shark',
        ],
      },
    ],
  },
  EmotionalDistress: {
    for: [
      {
        phrases: [
          "can't cope", 'cannot cope', 'not coping', 'desperate', 'suicidal', 'end my life', 'want to die', 'all alone',
          'so alone', 'and alone', 'feel alone', "i'm scared", 'i am scared', 'so scared', 'overwhelmed', 'crying',
          'in tears', 'terrified', 'frightened', 'panicking', 'panic', 'stressed', "wit's end", 'wits end',
          'end of my tether', 'falling apart', 'hopeless', 'helpless', 'kill myself', 'end it all', 'self harm',
          'self-harm', 'lonely', 'worried sick', 'devastated', 'heartbroken', "i don't know what to do",
          'i do not know what to do', "haven't slept", "can't sleep", 'begging', 'at breaking point', 'breaking down',
        ],
      },
    ],
  },
  Capability: {
    for: [
      {
        phrases: [
          "i don't understand", 'i do not understand', "don't understand it", 'confused', 'confusing', "i'm lost",
          'i am lost', 'slow down', 'speak slower', 'speak slowly', 'speak up', 'hard of hearing', 'partially deaf',
          "i'm deaf", "can't hear you", 'cannot hear you', 'my eyesight', "can't see very", "can't read",
          'cannot read', 'dyslex*', 'not good with computers', 'not good with technology', 'not very good with',
          'not tech savvy', "don't know how to use", 'do not know how to use', "don't use computers",
          "don't have a computer", "don't have internet", 'not my first language', 'my english', 'translator',
          'interpreter', 'elderly', 'pensioner', "i'm # years old", 'i am # years old', 'my son usually',
          'my daughter usually', 'what does that mean', 'learning difficult*', 'memory problem*', 'i forget things',
        ],
      },
    ],
  },
  LifeEvent: {
    for: [
      {
        phrases: [
          'divorce*', 'separated from', 'we separated', "we've separated", 'split up', 'broke up', 'break up',
          'breakup', 'new baby', 'had a baby', 'newborn', 'maternity', 'paternity', 'moving house', 'moved house',
          'moving out', 'lost my job', 'laid off', 'made redundant', 'retired', 'retiring', 'victim of', 'been scammed',
          'was scammed', 'scammed me', 'fraud on my', 'stole my', 'stolen my', 'was stolen', 'been stolen', 'robbed',
          'burgled', 'burglary', 'break-in', 'identity theft', 'domestic abuse', 'domestic violence', 'abusive',
          "we're homeless", "i'm homeless", 'we are homeless', 'i am homeless', 'made homeless', 'been homeless',
          'become homeless', 'eviction', 'evicted', 'since the fire', 'house fire', 'flooded', 'in prison',
          'released from prison',
        ],
      },
    ],
  },
} satisfies Record<string, RuleSet>;
