/** A problem at one place in the input: a form field path or a file line. */
export interface ProblemLocation {
  /** Dotted field path, e.g. "crossValidate.functionAccuracyThreshold". */
  field?: string;
  /** 1-based line of an imported file. */
  line?: number;
  message: string;
}

/** Errors that carry their meaning; `publicError` (server/api/publicError.ts) maps them to HTTP answers. */
export abstract class DomainError extends Error {
  abstract readonly kind: "not-found" | "conflict" | "invalid-input" | "upstream";
  constructor(
    message: string,
    readonly problems: ProblemLocation[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = "not-found";
}

export class ConflictError extends DomainError {
  readonly kind = "conflict";
}

export class InvalidInputError extends DomainError {
  readonly kind = "invalid-input";
}

/**
 * Another service failed. Its message may carry that service's reply and stays in the server log;
 * the client sees `publicMessage` (our own words), or a generic line without one.
 */
export class UpstreamError extends DomainError {
  readonly kind = "upstream";
  constructor(
    message: string,
    readonly publicMessage?: string,
    problems: ProblemLocation[] = [],
  ) {
    super(message, problems);
  }
}
