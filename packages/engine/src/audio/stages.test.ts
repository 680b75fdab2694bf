import { describe, expect, it } from 'vitest';
import { joinSamples, splitChannels } from './channel-split.js';
import { trackDualMono } from './dual-mono.js';

describe('splitChannels', () => {
  it('deinterleaves stereo frames into one array per channel', () => {
    const [left, right] = splitChannels(Float32Array.from([1, -1, 2, -2, 3, -3]), 2);
    expect([...(left ?? [])]).toEqual([1, 2, 3]);
    expect([...(right ?? [])]).toEqual([-1, -2, -3]);
  });

  it('hands a mono chunk back as it is', () => {
    const chunk = Float32Array.from([0.5, 0.25]);
    expect(splitChannels(chunk, 1)[0]).toBe(chunk);
  });
});

describe('joinSamples', () => {
  it('puts consecutive chunks into one array in order, and nothing into an empty one', () => {
    const joined = joinSamples([Float32Array.from([1, 2]), new Float32Array(0), Float32Array.from([3])]);
    expect([...joined]).toEqual([1, 2, 3]);
    expect(joinSamples([]).length).toBe(0);
  });
});

describe('trackDualMono', () => {
  it('follows identical channels until they first differ, and then no longer', () => {
    const tracker = trackDualMono(2);
    const same = Float32Array.from([0.1, 0.2, 0.3]);
    tracker.push(same, Float32Array.from([0.1, 0.20005, 0.3]));
    expect(tracker).toMatchObject({ identicalUntil: 3, diverged: false });
    tracker.push(same, Float32Array.from([0.1, 0.5, 0.3]));
    expect(tracker).toMatchObject({ identicalUntil: 3, diverged: true });
    tracker.push(same, same);
    expect(tracker.identicalUntil).toBe(3);
  });

  it('counts a mono file as diverged from the start', () => {
    const tracker = trackDualMono(1);
    tracker.push(Float32Array.from([0.1]), undefined);
    expect(tracker).toMatchObject({ identicalUntil: 0, diverged: true });
  });
});
