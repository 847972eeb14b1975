import { describe, expect, it } from 'vitest';
import { joinRecords } from '../../../shared/calls/define';
import * as sharedRegistry from '../../../shared/calls/index';
import { callNames, eventNames, features } from '../../../shared/contract';
import { handlerModules } from '../../../electron/core/call-handlers';
import { handlerOwners } from '../../../electron/core/define-handlers';
import { featureEvents } from '../../../renderer/features/start-feature-events';

describe('call registry', () => {
  it('joins every feature module of shared/calls, and each call and event is declared by one feature only', () => {
    expect(features.length).toBe(Object.keys(sharedRegistry).length);
    const declaredCalls = features.flatMap((feature) => Object.keys(feature.calls));
    const declaredEvents = features.flatMap((feature) => Object.keys(feature.events));
    expect(new Set(declaredCalls).size).toBe(declaredCalls.length);
    expect(new Set(declaredEvents).size).toBe(declaredEvents.length);
    expect([...declaredCalls].sort()).toEqual([...callNames].sort());
    expect([...declaredEvents].sort()).toEqual([...eventNames].sort());
  });

  it('refuses a name two modules declare, instead of letting the later one win', () => {
    expect(() => joinRecords([{ 'sync.now': 1 }, { 'sync.now': 2 }], 'call')).toThrow('call "sync.now" is declared twice');
  });

  it('gives every contract call exactly one handler module, and no module answers a call outside the contract', () => {
    const owners = handlerOwners(handlerModules);
    const problems: string[] = [];
    for (const name of callNames) {
      const modules = owners.get(name) ?? [];
      if (modules.length !== 1) problems.push(`${name}: ${modules.length === 0 ? 'no handler' : `answered by ${modules.join(' and ')}`}`);
    }
    for (const name of owners.keys()) if (!(callNames as string[]).includes(name)) problems.push(`${name}: not in the contract`);
    expect(problems).toEqual([]);
  });

  it('has a renderer feature following every event of the contract, and none following an event outside it', () => {
    const followed = new Set(featureEvents.flatMap((feature) => Object.keys(feature.on)));
    expect(eventNames.filter((name) => !followed.has(name))).toEqual([]);
    expect([...followed].filter((name) => !(eventNames as string[]).includes(name))).toEqual([]);
  });
});
