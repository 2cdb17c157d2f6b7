// The BullMQ peer of JobBench: the same 100,000 no-op jobs, on the same Redis.
// Usage: node bullmq-bench.mjs [jobs=100000]   (REDIS_HOST, REDIS_PORT)
import { Queue, Worker } from 'bullmq';

const total = Number(process.argv[2] ?? 100000);
const connection = {
  host: process.env.REDIS_HOST ?? '127.0.0.1',
  port: Number(process.env.REDIS_PORT ?? 6379),
  maxRetriesPerRequest: null,
};
const name = `bench-${process.pid}`;
const opts = { removeOnComplete: true, removeOnFail: true };
const queue = new Queue(name, { connection });

const rate = (n, ms) => Math.round((n * 1000) / ms);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function dispatchOneByOne() {
  const started = performance.now();
  for (let i = 0; i < total; i++) await queue.add('noop', {}, opts);
  return rate(total, performance.now() - started);
}

async function dispatchBulk() {
  const started = performance.now();
  for (let i = 0; i < total; i += 1000) {
    const chunk = [];
    for (let j = i; j < Math.min(total, i + 1000); j++) chunk.push({ name: 'noop', data: {}, opts });
    await queue.addBulk(chunk);
  }
  return rate(total, performance.now() - started);
}

async function drain(concurrency) {
  await queue.drain(true);
  await queue.pause();
  await dispatchBulk();
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const worker = new Worker(name, async () => {}, { connection, concurrency, autorun: false });
  worker.on('completed', () => {
    if (++done === total) finish();
  });
  await queue.resume();
  const started = performance.now();
  worker.run();
  await finished;
  const jobsPerSecond = rate(total, performance.now() - started);
  await worker.close();
  return jobsPerSecond;
}

async function pickup(concurrency, samples = 2000) {
  await queue.drain(true);
  const waits = [];
  const worker = new Worker(
    name,
    async (job) => {
      waits.push(Date.now() - job.timestamp);
    },
    { connection, concurrency },
  );
  await worker.waitUntilReady();
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < samples; i++) {
    await queue.add('noop', {}, opts);
    await new Promise((r) => setTimeout(r, 2));
  }
  while (waits.length < samples) await new Promise((r) => setTimeout(r, 50));
  await worker.close();
  waits.sort((a, b) => a - b);
  return { p50: pct(waits, 0.5), p99: pct(waits, 0.99) };
}

const result = { jobs: total, dispatch: {}, workers: {} };
await queue.drain(true);
result.dispatch.oneByOne = await dispatchOneByOne();
await queue.drain(true);
result.dispatch.bulk = await dispatchBulk();
for (const c of [1, 8, 32]) {
  const jobsPerSecond = await drain(c);
  const latency = await pickup(c);
  result.workers[c] = { jobsPerSecond, pickupP50Ms: latency.p50, pickupP99Ms: latency.p99 };
}
await queue.obliterate({ force: true });
await queue.close();
console.log(JSON.stringify({ bullmq: result }, null, 2));
process.exit(0);
