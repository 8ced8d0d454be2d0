import { QueueSubmitter } from './src-main/queue/queue-submitter.ts';
import { sweepConfigSchema } from './src-main/engine/config.ts';
const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 0.5, 1], limit: 300, epochs: { backbone: 1, heads: 2, gates: 20 }, seed: 9 });
const s = new QueueSubmitter({ url: 'redis://127.0.0.1:6391', workspace: '/tmp/q1/home' });
const t = Date.now();
const out = await s.run({ jobId: 'q-test-' + Date.now().toString(36), config, workspace: '/tmp/q1/home' }, (evs) => { for (const e of evs) if (e.type !== 'progress') console.log(((Date.now()-t)/1000).toFixed(1), e.type, e.type === 'log' || e.type === 'phase' ? e.message : e.type === 'point' ? `${e.point.policy} ${e.point.param}` : ''); });
console.log(out.status, out.status === 'finished' ? out.result.points.length : out);
await s.close();
