"use client";

import { useCallback, useSyncExternalStore } from "react";

const KEY = "autoif.reviewer";
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab of the same browser changing the name changes it here too.
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

const read = () => window.localStorage.getItem(KEY) ?? "";

/** The reviewer name chosen in this browser (kept in localStorage), and a setter; "" until chosen. */
export function useReviewer(): [string, (name: string) => void] {
  const name = useSyncExternalStore(subscribe, read, () => "");
  const set = useCallback((next: string) => {
    window.localStorage.setItem(KEY, next.trim());
    for (const l of listeners) l();
  }, []);
  return [name, set];
}
