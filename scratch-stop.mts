import { QueueSubmitter } from './src-main/queue/queue-submitter.ts';
import { sweepConfigSchema } from './src-main/engine/config.ts';
const config = sweepConfigSchema.parse({ dataset: 'mnist', backbone: 'mnist-small', gateTarget: 'leenet', alphas: [0, 0.25, 0.5, 0.75, 1], limit: 800, epochs: { backbone: 1, heads: 2, gates: 120 }, seed: 11 });
const s = new QueueSubmitter({ url: 'redis://127.0.0.1:6391', workspace: '/tmp/q2/home', fanOutAlphas: false });
let asked = false; const t = Date.now();
const out = await s.run({ jobId: 'stop-x', config, workspace: '/tmp/q2/home' }, (batch) => {
  for (const e of batch) if (e.type !== 'progress' && e.type !== 'point') console.log(((Date.now()-t)/1000).toFixed(1), e.type, JSON.stringify(e).slice(0, 150));
  if (!asked && batch.some((e) => e.type === 'point' && e.point.policy === 'leenet' && !e.point.curve)) { asked = s.stop('stop-x'); console.log('STOP ASKED', asked); }
});
console.log('OUT', out.status);
await s.close();
