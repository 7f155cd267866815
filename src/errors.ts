/**
 * The error hierarchy. Every error the program reports on purpose is an
 * {@linkcode AwsVaultError} with a stable `code`. Only the top-level `run`
 * prints errors and only `main.ts` exits.
 *
 * @module
 */

/** Options shared by every error class. */
export interface AwsVaultErrorOptions {
  /** The underlying error, shown with `--debug`. */
  cause?: unknown;
  /** Process exit code; defaults to 1. */
  exitCode?: number;
}

/** Base class of every error the program reports deliberately. */
export class AwsVaultError extends Error {
  /** A stable, machine-readable code such as `"USAGE"` or `"KEYRING_NOT_FOUND"`. */
  readonly code: string;
  /** The exit code the process ends with when this error reaches the top. */
  readonly exitCode: number;

  constructor(code: string, message: string, options: AwsVaultErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Each subclass spells out its name too: the shipped bundle is minified and does not keep
    // class names, because keeping them slows every start.
    this.name = "AwsVaultError";
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}

/**
 * A command-line usage error. Printed as `aws-vault: error: <message>, try --help`
 * (kingpin's shape), also used for failures kingpin reports the same way,
 * such as an unavailable keyring backend.
 */
export class UsageError extends AwsVaultError {
  override readonly name: string = "UsageError";
  constructor(message: string, options: AwsVaultErrorOptions = {}) {
    super("USAGE", message, options);
  }
}

/** `~/.aws/config` cannot be read or parsed, or a profile is inconsistent. */
export class ConfigError extends AwsVaultError {
  override readonly name: string = "ConfigError";
  constructor(message: string, options: AwsVaultErrorOptions = {}) {
    super("CONFIG", message, options);
  }
}

/** A keyring operation failed (backend unavailable, wrong passphrase, helper failed, ...). */
export class KeyringError extends AwsVaultError {
  override readonly name: string = "KeyringError";
  constructor(message: string, options: AwsVaultErrorOptions & { code?: string } = {}) {
    super(options.code ?? "KEYRING", message, options);
  }
}

/** A keyring item does not exist. */
export class KeyringItemNotFoundError extends KeyringError {
  override readonly name: string = "KeyringItemNotFoundError";
  constructor(
    message = "The specified item could not be found in the keyring",
    options: AwsVaultErrorOptions = {},
  ) {
    super(message, { ...options, code: "KEYRING_NOT_FOUND" });
  }
}

/**
 * A keyring item exists but cannot be read, while the keyring itself works (for the
 * file backend: the passphrase is shown to be right). Unlike a wrong passphrase,
 * deleting such an item loses nothing that could still be read.
 */
export class KeyringItemCorruptError extends KeyringError {
  override readonly name: string = "KeyringItemCorruptError";
  constructor(message: string, options: AwsVaultErrorOptions = {}) {
    super(message, { ...options, code: "KEYRING_ITEM_CORRUPT" });
  }
}

/** A question had to be asked but there is no terminal (or no one) to answer it. */
export class NoTerminalError extends AwsVaultError {
  override readonly name: string = "NoTerminalError";
  constructor(message: string, options: AwsVaultErrorOptions = {}) {
    super("NO_TERMINAL", message, options);
  }
}

/** Credentials could not be obtained for a profile. */
export class CredentialsError extends AwsVaultError {
  override readonly name: string = "CredentialsError";
  constructor(message: string, options: AwsVaultErrorOptions & { code?: string } = {}) {
    super(options.code ?? "CREDENTIALS", message, options);
  }
}

/** A child process could not be started or failed. */
export class ProcessError extends AwsVaultError {
  override readonly name: string = "ProcessError";
  constructor(message: string, options: AwsVaultErrorOptions = {}) {
    super("PROCESS", message, options);
  }
}

/** The user interrupted a wait with Ctrl-C: the process ends with status 130, as a shell reports it. */
export class InterruptedError extends AwsVaultError {
  override readonly name: string = "InterruptedError";
  constructor(message: string, options: AwsVaultErrorOptions = {}) {
    super("INTERRUPTED", message, { ...options, exitCode: 130 });
  }
}

/**
 * The code of an SSO login that ended without a token for a reason that is
 * not the caller's own (the device code expired, the request was denied in
 * the browser): another caller waiting for the same login would fare alike.
 */
export const SSO_LOGIN_FAILED_CODE = "SSO_LOGIN_FAILED";

/**
 * Codes of failures that are about the AWS endpoint (no answer in time, cannot
 * be reached, an answer that cannot be read), not about what the caller sent:
 * another process asking the same endpoint the same thing would fail alike.
 */
export const ENDPOINT_FAILURE_CODES: ReadonlySet<string> = new Set([
  "AWS_TIMEOUT",
  "AWS_UNREACHABLE",
  "AWS_BAD_ANSWER",
]);

/** Returns the message of any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The code of an error we did not expect (a bug) behind one of aws-vault's prefixes. */
export const UNEXPECTED_CODE = "UNEXPECTED";

/**
 * `error` behind one of aws-vault's context prefixes (`Error loading config: …`),
 * keeping its code and exit code. Usage errors pass unchanged: aws-vault
 * reports those (an unavailable keyring, say) before any prefix applies.
 */
export function prefixError(prefix: string, error: unknown): Error {
  if (error instanceof UsageError) return error;
  const code = error instanceof AwsVaultError ? error.code : UNEXPECTED_CODE;
  const exitCode = error instanceof AwsVaultError ? error.exitCode : 1;
  return new AwsVaultError(code, `${prefix}: ${messageOf(error)}`, { cause: error, exitCode });
}

/** Runs `step`, passing any error it throws through {@linkcode prefixError}. */
export async function withErrorPrefix<T>(prefix: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw prefixError(prefix, error);
  }
}
