"use client";

import { keepPreviousData, useQueries, type UseQueryOptions } from "@tanstack/react-query";
import { useMemo } from "react";

/**
 * Rows of a server-paginated list by index, for a virtualized view: only the pages around what is
 * on screen (and around the keyboard cursor, plus the next page ahead) are fetched and held.
 */
export function usePagedRows<Row>(opts: {
  total: number;
  pageSize: number;
  /** Indexes that must be loaded: the visible range and the cursor. */
  wanted: number[];
  queryFor: (
    offset: number,
    limit: number,
  ) => UseQueryOptions<Row[], Error, Row[], readonly unknown[]>;
}) {
  const { total, pageSize, wanted, queryFor } = opts;
  const pageKey = useMemo(() => {
    const pages = new Set<number>();
    for (const i of wanted) {
      if (i < 0 || i >= total) continue;
      const p = Math.floor(i / pageSize);
      pages.add(p);
      // The page ahead, so moving down with the keyboard never waits for the network.
      if ((p + 1) * pageSize < total) pages.add(p + 1);
    }
    return [...pages].sort((a, b) => a - b).join(",");
  }, [wanted, total, pageSize]);
  const pages = useMemo(() => (pageKey ? pageKey.split(",").map(Number) : []), [pageKey]);
  const results = useQueries({
    queries: pages.map((p) => ({
      ...queryFor(p * pageSize, pageSize),
      placeholderData: p === pages[0] ? keepPreviousData : undefined,
    })),
  });
  const byPage = new Map<number, Row[]>();
  results.forEach((r, i) => {
    if (r.data && !r.isPlaceholderData) byPage.set(pages[i]!, r.data);
  });
  return {
    row: (index: number): Row | undefined =>
      byPage.get(Math.floor(index / pageSize))?.[index % pageSize],
    error: results.find((r) => r.error)?.error ?? null,
    fetching: results.some((r) => r.isFetching),
  };
}
