import { describe, expect, it } from 'vitest';
import type { BackboneInfo } from '@api/models';
import { backboneFit } from './backbone-fit';

const backbone = (name: string, input: [number, number, number]): BackboneInfo => ({ name, description: '', input, exits: [], exitCandidates: [], params: 1 });
const MNIST_SMALL = backbone('mnist-small', [28, 28, 1]);
const RESNET20 = backbone('resnet20', [32, 32, 3]);
const RESNET50 = backbone('resnet50', [224, 224, 3]);
const CATALOG = [MNIST_SMALL, RESNET20, backbone('resnet32', [32, 32, 3]), RESNET50];

describe('backbone fit', () => {
  it('refuses a grey 28×28 net on colour images, naming the backbones that fit', () => {
    expect(backboneFit(MNIST_SMALL, 'cifar10', CATALOG)).toEqual({
      level: 'error',
      message: 'mnist-small takes 28×28 grey images; cifar10 has 32×32 colour images, which it cannot read. Choose resnet20 or resnet32 for cifar10.',
    });
  });

  it('warns when a colour net meets grey images: it runs, adapted', () => {
    expect(backboneFit(RESNET20, 'mnist', CATALOG)).toEqual({
      level: 'warning',
      message: 'resnet20 takes 32×32 colour images; mnist has 28×28 grey images: they are copied into three channels and resized, so it runs, but it was not made for them. Choose mnist-small for mnist.',
    });
    expect(backboneFit(RESNET50, 'fashion-mnist', [RESNET50])?.message).toMatch(/not made for them\.$/);
  });

  it('says nothing when the images fit, are resized anyway, or the choice is not known', () => {
    expect(backboneFit(MNIST_SMALL, 'mnist', CATALOG)).toBeNull();
    expect(backboneFit(RESNET20, 'cifar100', CATALOG)).toBeNull();
    // A colour net on colour images of another size: resized as torchvision does.
    expect(backboneFit(RESNET50, 'cifar10', CATALOG)).toBeNull();
    // Image folders are decoded at the backbone's own size and channels.
    expect(backboneFit(MNIST_SMALL, 'imagefolder', CATALOG)).toBeNull();
    expect(backboneFit(null, 'cifar10', CATALOG)).toBeNull();
  });
});
