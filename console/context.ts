/** Hands the store and the controller to components without threading props through every level. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConsoleController } from './controller.ts';
import type { ConsoleStore, ConsoleStoreApi } from './store.ts';
import { useStore } from './use-store.ts';

export interface ConsoleContext {
  store: ConsoleStoreApi;
  controller: ConsoleController;
}

export const ConsoleContextProvider = createContext<ConsoleContext | null>(null);

function useConsoleContext(): ConsoleContext {
  const ctx = useContext(ConsoleContextProvider);
  if (!ctx) throw new Error('[baton console] component rendered outside <ConsoleContextProvider>');
  return ctx;
}

export function useController(): ConsoleController {
  return useConsoleContext().controller;
}

export function useConsole<T>(selector: (state: ConsoleStore) => T): T {
  return useStore(useConsoleContext().store, selector);
}
