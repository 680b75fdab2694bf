import type { RoleTurn } from '@parley/engine';
export interface RoleDialogue {
    source: string;
    turns: RoleTurn[];
    /** The side that is the agent. */
    agent: 0 | 1;
}
export declare function roleDialogues(dataDir: string, part: 'train' | 'heldOut'): RoleDialogue[];
//# sourceMappingURL=role-data.d.ts.map