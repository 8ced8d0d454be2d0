import type { RunDetail, RunHeadline } from '@api/models';
import { runHeadline } from '@api/run-headline';
import { formatPercent, formatTimes } from './format';

/** One figure of the Overview's headline, with the line under it that says what it is. */
export interface OverviewFact {
  key: 'dataset' | 'backbone' | 'status' | 'accuracy' | 'speedup' | 'reference';
  label: string;
  value: string;
  note: string;
}

const count = (n: number) => n.toLocaleString('en-US');

function splitNote(run: RunDetail): string {
  const s = run.splitSizes;
  if (s) return `${count(s.train)} train · ${count(s.val)} val · ${count(s.test)} test`;
  return run.config.limit === undefined ? 'whole dataset' : `at most ${count(run.config.limit)} per split`;
}

/** The open run in six figures: what it ran on, how far it got, and what its learned gates reached. */
export function overviewFacts(run: RunDetail): OverviewFact[] {
  const headline = runHeadline(run);
  const own = headline.exits.at(-1)?.accuracy ?? null;
  const early = Math.max(0, run.exits.length - 1);
  return [
    { key: 'dataset', label: 'Dataset', value: run.dataset, note: splitNote(run) },
    { key: 'backbone', label: 'Backbone', value: run.backbone, note: `${early} early exit${early === 1 ? '' : 's'} + its own classifier` },
    { key: 'status', label: 'Status', value: run.status, note: `${run.alphasDone.length} of ${run.alphas.length} α done` },
    { key: 'accuracy', label: 'Best accuracy', value: formatPercent(headline.accuracy), note: 'learned gates on test, chosen on validation' },
    {
      key: 'speedup',
      label: 'Speedup',
      value: formatTimes(headline.speedup),
      note: headline.speedup === null && !run.summary ? 'once the run has finished' : 'learned gates within 1 point of the backbone',
    },
    { key: 'reference', label: 'Backbone alone', value: formatPercent(own), note: own === null ? 'not recorded' : 'its own classifier on test' },
  ];
}

/** The runs list's line for a finished run: "61.20% · 2.50× within 1 pt". */
export function headlineText(headline: RunHeadline | null | undefined): string | null {
  if (!headline || headline.accuracy === null) return null;
  const speedup = headline.speedup === null ? `no speedup within 1 pt` : `${formatTimes(headline.speedup)} within 1 pt`;
  return `${formatPercent(headline.accuracy)} · ${speedup}`;
}
