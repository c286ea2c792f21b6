import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * Text search in SQL with the user's text taken literally. LIKE reads `%` and `_` as wildcards,
 * so they (and the escape character `\` itself) are escaped, and the pattern carries
 * `escape '\'`: without that clause SQLite has no escape character and an escaped pattern matches
 * nothing. Like SQLite's LIKE, ASCII letters match regardless of case.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** `column` contains `text` anywhere. */
export function containsText(column: SQLWrapper, text: string): SQL {
  return sql`${column} like ${`%${escapeLike(text)}%`} escape '\\'`;
}

/** `column` begins with `text`. */
export function startsWithText(column: SQLWrapper, text: string): SQL {
  return sql`${column} like ${`${escapeLike(text)}%`} escape '\\'`;
}
