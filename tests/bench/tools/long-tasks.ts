/**
 * Which synchronous tasks held a thread, from a V8 CPU profile:
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof tests/bench/read-latency.bench.ts
 *   npx tsx tests/bench/tools/long-tasks.ts /tmp/prof/<main thread>.cpuprofile [threshold ms, default 20]
 *
 * A task is a run of consecutive samples that are not idle: while it runs, nothing else on the
 * thread can (a screen's read waits behind it). Each task over the threshold is printed with its
 * start (ms from the profile's start), its length, and the app's own functions it spent its
 * samples in (the deepest frame under electron/ or shared/, else the deepest JavaScript frame), so
 * a blocked write (SQLite sleeping on another connection's lock inside `run`) shows as the
 * repository method that issued it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, thresholdArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: long-tasks.ts <file.cpuprofile> [threshold ms]');
const thresholdMs = Number(thresholdArg ?? '20');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const OURS = /\/(electron|shared|sandbox)\//;
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*?\/(electron|shared|sandbox|tests|node_modules)\//, '$1/');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
};

/** The frame a sample is charged to: the deepest of the app's own, else the deepest JavaScript one. */
const attributionCache = new Map<number, string>();
function attribute(nodeId: number): string {
  const cached = attributionCache.get(nodeId);
  if (cached !== undefined) return cached;
  let fallback: string | null = null;
  let found: string | null = null;
  for (let id: number | undefined = nodeId; id !== undefined && found === null; id = parentOf.get(id)) {
    const node = byId.get(id);
    if (!node) break;
    if (OURS.test(node.callFrame.url)) found = label(node);
    else if (fallback === null && node.callFrame.url !== '') fallback = label(node);
  }
  const result = found ?? fallback ?? byId.get(nodeId)?.callFrame.functionName ?? '?';
  attributionCache.set(nodeId, result);
  return result;
}

/** The outermost frame of the app's own code: which job (sender, puller, a call) the task belongs to. */
function rootOf(nodeId: number): string | null {
  let outer: string | null = null;
  for (let id: number | undefined = nodeId; id !== undefined; id = parentOf.get(id)) {
    const node = byId.get(id);
    if (!node) break;
    if (OURS.test(node.callFrame.url)) outer = label(node);
  }
  return outer;
}

interface Task {
  startMs: number;
  durationMs: number;
  frames: Map<string, number>;
  roots: Map<string, number>;
}

const tasks: Task[] = [];
let current: Task | null = null;
let atMs = 0;
profile.samples.forEach((nodeId, index) => {
  const deltaMs = (profile.timeDeltas[index] ?? 0) / 1000;
  atMs += deltaMs;
  const name = byId.get(nodeId)?.callFrame.functionName;
  if (name === '(idle)') {
    if (current) tasks.push(current);
    current = null;
    return;
  }
  current ??= { startMs: atMs, durationMs: 0, frames: new Map(), roots: new Map() };
  current.durationMs += deltaMs;
  const frame = attribute(nodeId);
  current.frames.set(frame, (current.frames.get(frame) ?? 0) + deltaMs);
  const root = rootOf(nodeId);
  if (root !== null) current.roots.set(root, (current.roots.get(root) ?? 0) + deltaMs);
});
if (current) tasks.push(current);

const long = tasks.filter((task) => task.durationMs > thresholdMs);
const top = (entries: Map<string, number>, n: number) =>
  [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${ms.toFixed(0)} ms ${name}`);
console.log(`${tasks.length} tasks, ${long.length} over ${thresholdMs} ms (total ${long.reduce((sum, task) => sum + task.durationMs, 0).toFixed(0)} ms)`);
for (const task of long) {
  console.log(`at ${(task.startMs / 1000).toFixed(2)} s: ${task.durationMs.toFixed(0)} ms`);
  for (const line of top(task.roots, 2)) console.log(`    job   ${line}`);
  for (const line of top(task.frames, 4)) console.log(`    spent ${line}`);
}
