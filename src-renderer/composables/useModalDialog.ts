import { watch, type Ref } from 'vue';

/** Opens the <dialog> as a modal while `isOpen()` holds and closes it when it stops (Esc and backdrop included). */
export function useModalDialog(dialog: Ref<HTMLDialogElement | null>, isOpen: () => boolean): void {
  watch(
    isOpen,
    (open) => {
      if (open && !dialog.value?.open) dialog.value?.showModal();
      if (!open && dialog.value?.open) dialog.value.close();
    },
    { flush: 'post' },
  );
}
