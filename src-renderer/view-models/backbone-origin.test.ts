import { describe, expect, it } from 'vitest';
import { originChip, originText, undertrainedWarning } from './backbone-origin';

const exits = (...accuracies: number[]) => accuracies.map((accuracy, i) => ({ name: i === accuracies.length - 1 ? 'final' : `stage${i + 1}`, accuracy }));

describe('backbone origin', () => {
  it('says a run trained its own backbone, on what, and how its own classifier scores', () => {
    expect(originText('mnist-small', { source: 'trained', trainSamples: 900, epochs: 2, testAccuracy: 0.46 }, exits(0.9, 0.46))).toBe(
      'mnist-small trained here on 900 images for 2 epochs — its own classifier scores 46.0% on test',
    );
    expect(originText('mnist-small', { source: 'cache', trainSamples: 54000, epochs: 1, testAccuracy: 0.991 }, [])).toBe(
      'mnist-small trained here on 54,000 images for 1 epoch (by an earlier run on the same split, cached) — its own classifier scores 99.1% on test',
    );
  });

  it('falls back to the last exit’s accuracy, and says nothing it does not know', () => {
    expect(originText('mnist-small', { source: 'trained', testAccuracy: null }, exits(0.5, 0.8))).toBe('mnist-small trained here — its own classifier scores 80.0% on test');
    expect(originText('mnist-small', { source: 'trained' }, [])).toBe('mnist-small trained here');
    expect(originText('mnist-small', null, exits(0.5, 0.8))).toBeNull();
  });

  it('names shipped and pretrained weights, the weights file by its name', () => {
    expect(originText('mnist-small', { source: 'shipped' }, exits(0.97, 0.992))).toBe('mnist-small with the weights shipped with the app — its own classifier scores 99.2% on test');
    expect(originText('resnet20', { source: 'pretrained' }, exits(0.5, 0.91), '/w/cifar/resnet20.safetensors')).toBe(
      'resnet20 with pretrained weights from resnet20.safetensors — its own classifier scores 91.0% on test',
    );
  });

  it('puts a chip on runs that trained their own backbone only', () => {
    expect(originChip({ source: 'cache', testAccuracy: 0.214 }, [])).toBe('backbone trained here · 21.4%');
    expect(originChip({ source: 'trained' }, [])).toBe('backbone trained here');
    expect(originChip({ source: 'shipped' }, exits(0.9, 0.99))).toBeNull();
    expect(originChip(null, [])).toBeNull();
  });
});

describe('undertrained warning', () => {
  it('names the best early exit that beats the backbone’s own classifier', () => {
    expect(undertrainedWarning(exits(0.6, 0.901, 0.46))).toBe(
      "stage2 (90.1%) and 1 other exit beat the backbone's own classifier (46.0%): the backbone is undertrained, so the frontier falls as compute rises. Train it on more images or for more backbone epochs.",
    );
    expect(undertrainedWarning(exits(0.2, 0.693, 0.214))).toMatch(/^stage2 \(69\.3%\) beats the backbone's own classifier \(21\.4%\)/);
  });

  it('stays quiet when the classifier is best, or an exit is ahead by no more than test noise', () => {
    expect(undertrainedWarning(exits(0.9, 0.95, 0.99))).toBeNull();
    // 2 standard errors of 99.0% on 10,000 images is 0.2 points.
    expect(undertrainedWarning(exits(0.9915, 0.99), 10_000)).toBeNull();
    expect(undertrainedWarning(exits(0.9925, 0.99), 10_000)).not.toBeNull();
    // Without the test size: half a point.
    expect(undertrainedWarning(exits(0.994, 0.99))).toBeNull();
    expect(undertrainedWarning(exits(0.5))).toBeNull();
    expect(undertrainedWarning([])).toBeNull();
  });
});
