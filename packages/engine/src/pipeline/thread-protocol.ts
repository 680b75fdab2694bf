import type { AnalyticsEvidence, ComponentStatus } from '../engine.js';
import { isProcessingErrorCode } from '@parley/contract/core';
import { isProcessingError, ProcessingError, type ProcessingErrorCode } from '../errors.js';
import type { ProcessingResult, PunctuatedTranscript } from '../types.js';
import type { TextStageRequest } from './text-stage.js';

/** What the main thread gives a text thread when it starts it. */
export interface ThreadData {
  modelsDir: string | undefined;
}

/** Work a text thread does: process an interaction, or explain a processed one's scores. */
export type ThreadTask =
  | { type: 'process'; request: TextStageRequest }
  | { type: 'explain'; punctuated: PunctuatedTranscript; durationMs: number };

export interface ThreadRequest {
  id: number;
  task: ThreadTask;
}

/** An error as it crosses the thread boundary; a ProcessingError keeps its code. */
export interface SerializedError {
  code?: ProcessingErrorCode;
  name: string;
  message: string;
  stack?: string;
}

export type ThreadReply =
  | { type: 'ready'; status: ComponentStatus[] }
  | { type: 'failed'; error: SerializedError }
  | { type: 'result'; id: number; result: ProcessingResult | AnalyticsEvidence }
  | { type: 'error'; id: number; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (isProcessingError(error)) {
    return { code: error.code, name: error.name, message: error.message, ...stackOf(error) };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, ...stackOf(error) };
  return { name: 'Error', message: String(error) };
}

function stackOf(error: Error): { stack?: string } {
  return error.stack === undefined ? {} : { stack: error.stack };
}

export function deserializeError(error: SerializedError): Error {
  const revived =
    error.code !== undefined && isProcessingErrorCode(error.code)
      ? new ProcessingError(error.code, error.message)
      : Object.assign(new Error(error.message), { name: error.name });
  if (error.stack !== undefined) revived.stack = error.stack;
  return revived;
}
