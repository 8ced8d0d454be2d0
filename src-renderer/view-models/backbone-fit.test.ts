import { describe, expect, it } from 'vitest';
import type { BackboneInfo, DatasetInfo } from '@api/models';
import { backboneFit } from './backbone-fit';

const backbone = (name: string, input: [number, number, number]): BackboneInfo => ({ name, description: '', input, exits: [], exitCandidates: [], params: 1 });
const MNIST_SMALL = backbone('mnist-small', [28, 28, 1]);
const RESNET20 = backbone('resnet20', [32, 32, 3]);
const RESNET50 = backbone('resnet50', [224, 224, 3]);
/** The datasets as the host's catalog lists them: fixed image shapes, or none where images take the backbone's. */
const SHAPES: Record<string, DatasetInfo['images']> = { mnist: [28, 28, 1], 'fashion-mnist': [28, 28, 1], cifar10: [32, 32, 3], cifar100: [32, 32, 3], imagefolder: null };
const dataset = (name: string): DatasetInfo => ({ name, description: '', needsDir: name !== 'mnist', images: SHAPES[name] });
const CATALOG = [MNIST_SMALL, RESNET20, backbone('resnet32', [32, 32, 3]), RESNET50];

describe('backbone fit', () => {
  it('refuses a grey 28×28 net on colour images, naming the backbones that fit', () => {
    expect(backboneFit(MNIST_SMALL, dataset('cifar10'), CATALOG)).toEqual({
      level: 'error',
      message: 'mnist-small takes 28×28 grey images; cifar10 has 32×32 colour images, which it cannot read. Choose resnet20 or resnet32 for cifar10.',
    });
  });

  it('warns when a colour net meets grey images: it runs, adapted', () => {
    expect(backboneFit(RESNET20, dataset('mnist'), CATALOG)).toEqual({
      level: 'warning',
      message: 'resnet20 takes 32×32 colour images; mnist has 28×28 grey images: they are copied into three channels and resized, so it runs, but it was not made for them. Choose mnist-small for mnist.',
    });
    expect(backboneFit(RESNET50, dataset('fashion-mnist'), [RESNET50])?.message).toMatch(/not made for them\.$/);
  });

  it('says nothing when the images fit, are resized anyway, or the choice is not known', () => {
    expect(backboneFit(MNIST_SMALL, dataset('mnist'), CATALOG)).toBeNull();
    expect(backboneFit(RESNET20, dataset('cifar100'), CATALOG)).toBeNull();
    // A colour net on colour images of another size: resized as torchvision does.
    expect(backboneFit(RESNET50, dataset('cifar10'), CATALOG)).toBeNull();
    // Image folders are decoded at the backbone's own size and channels.
    expect(backboneFit(MNIST_SMALL, dataset('imagefolder'), CATALOG)).toBeNull();
    expect(backboneFit(null, dataset('cifar10'), CATALOG)).toBeNull();
  });
});
