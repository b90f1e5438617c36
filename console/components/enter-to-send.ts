/**
 * The console's text boxes send on Enter and break the line on Shift+Enter; a
 * form submit (the button) sends too. One definition for the reply and the note box.
 */
import type { TargetedKeyboardEvent, TargetedSubmitEvent } from 'preact';

export function enterToSend(send: () => void) {
  return {
    onKeyDown(event: TargetedKeyboardEvent<HTMLTextAreaElement>) {
      // isComposing: Enter that confirms an IME candidate is not a send.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send();
      }
    },
    onSubmit(event: TargetedSubmitEvent<HTMLFormElement>) {
      event.preventDefault();
      send();
    },
  };
}
