import type { BackboneOrigin } from '@api/models';
import { formatPercent } from './format';
import { standardError } from './frontier-envelope';

/** An exit's test accuracy; in a run's list of them the last is the backbone's own classifier. */
export interface ExitAccuracy {
  name: string;
  accuracy: number;
}

const pct = (x: number) => formatPercent(x, 1);
// A fixed locale: the sentence must read the same on every machine (and in its tests).
const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** The backbone's own classifier on test: what the run recorded when it trained it, else its last exit's report. */
function ownAccuracy(origin: BackboneOrigin, exits: readonly ExitAccuracy[]): number | null {
  return origin.testAccuracy ?? exits.at(-1)?.accuracy ?? null;
}

function trainedOn(origin: BackboneOrigin): string {
  const parts = [origin.trainSamples !== undefined ? `on ${plural(origin.trainSamples, 'image')}` : '', origin.epochs !== undefined ? `for ${plural(origin.epochs, 'epoch')}` : ''];
  return ['trained here', ...parts.filter(Boolean)].join(' ');
}

/**
 * Where the run's backbone came from, in one sentence for the Overview: "mnist-small trained here on 900 images for
 * 2 epochs — its own classifier scores 46.0% on test". Null for runs older than the record.
 */
export function originText(backbone: string, origin: BackboneOrigin | null | undefined, exits: readonly ExitAccuracy[], weights?: string): string | null {
  if (!origin) return null;
  const accuracy = ownAccuracy(origin, exits);
  const scores = accuracy === null ? '' : ` — its own classifier scores ${pct(accuracy)} on test`;
  switch (origin.source) {
    case 'trained':
      return `${backbone} ${trainedOn(origin)}${scores}`;
    case 'cache':
      return `${backbone} ${trainedOn(origin)} (by an earlier run on the same split, cached)${scores}`;
    case 'shipped':
      return `${backbone} with the weights shipped with the app${scores}`;
    case 'pretrained':
      return `${backbone} with pretrained weights${weights ? ` from ${weights.split(/[\\/]/).pop()}` : ''}${scores}`;
  }
}

/** The runs list's chip for a run that trained its own backbone ("trained here · 46.0%"); null for every other run. */
export function originChip(origin: BackboneOrigin | null | undefined, exits: readonly ExitAccuracy[]): string | null {
  if (!origin || (origin.source !== 'trained' && origin.source !== 'cache')) return null;
  const accuracy = ownAccuracy(origin, exits);
  return accuracy === null ? 'backbone trained here' : `backbone trained here · ${pct(accuracy)}`;
}

/**
 * The warning when an early exit is more accurate than the backbone's own classifier — by more than test noise (two
 * standard errors of the classifier's accuracy on `testSize` images; half a point when the size is unknown), so a
 * well-trained backbone whose exits tie with it is not called undertrained.
 */
export function undertrainedWarning(exits: readonly ExitAccuracy[], testSize?: number | null): string | null {
  const final = exits.at(-1);
  if (!final || exits.length < 2) return null;
  const p = final.accuracy;
  const margin = testSize ? 2 * standardError(p, testSize) : 0.005;
  const beating = exits.slice(0, -1).filter((e) => e.accuracy - p > margin);
  if (!beating.length) return null;
  const best = beating.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const others = beating.length - 1;
  const who = others ? `${best.name} (${pct(best.accuracy)}) and ${plural(others, 'other exit')} beat` : `${best.name} (${pct(best.accuracy)}) beats`;
  return `${who} the backbone's own classifier (${pct(p)}): the backbone is undertrained, so the frontier falls as compute rises. Train it on more images or for more backbone epochs.`;
}
