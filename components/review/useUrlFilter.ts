"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { z } from "zod";
import { filterFromParams, filterToParams } from "@/lib/schemas/reviewFilters";

/**
 * A page's filter kept in the URL's search params, so a view can be shared and survives a reload.
 * Written with history.replaceState, which Next's router observes without a server round trip.
 */
export function useUrlFilter<T extends z.ZodObject>(
  schema: T,
): [z.infer<T>, (patch: Partial<z.infer<T>>) => void] {
  const params = useSearchParams();
  const key = params.toString();
  // Keyed on the params' string: the params object may change identity while its content does not.
  const filter = useMemo(() => filterFromParams(schema, new URLSearchParams(key)), [schema, key]);
  const update = useCallback(
    (patch: Partial<z.infer<T>>) => {
      const next = filterFromParams(
        schema,
        filterToParams({
          ...filterFromParams(schema, new URLSearchParams(window.location.search)),
          ...patch,
        }),
      );
      const query = filterToParams(next as Record<string, unknown>).toString();
      window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
    },
    [schema],
  );
  return [filter, update];
}
