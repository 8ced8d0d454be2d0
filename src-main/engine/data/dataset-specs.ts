/** Dataset spec forms, kept free of loaders so the config schema (also run in the renderer) can check them. */
export const DATASET_SPECS = ['mnist', 'fashion-mnist:DIR', 'cifar10:DIR', 'cifar100:DIR', 'imagefolder:DIR', 'imagenette:DIR'];

export const DATASET_SPEC_PATTERN = /^(mnist|(fashion-mnist|cifar10|cifar100|imagefolder|imagenette):.+)$/;
