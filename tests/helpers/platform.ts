/**
 * Test options for tests that can only run on one operating system. Such a test is ignored
 * elsewhere, and its name ends with the reason in brackets (`[macOS only]`,
 * `[needs Linux keystores]`), which scripts/test reports in its summary line.
 *
 * @module
 */

/** The real keystores of Linux desktops (gnome-keyring, kwalletd5, pass with GnuPG). */
export const LINUX_KEYSTORES = { ignore: Deno.build.os !== "linux" };
/** The macOS Keychain through /usr/bin/security. */
export const MACOS_ONLY = { ignore: Deno.build.os !== "darwin" };
/** Windows Credential Manager through PowerShell. */
export const WINDOWS_ONLY = { ignore: Deno.build.os !== "windows" };

/** Registers a test of the real Linux keystores: `[needs Linux keystores]`, ignored elsewhere. */
export function linuxKeystoreTest(name: string, fn: (t: Deno.TestContext) => Promise<void>): void {
  Deno.test(`${name} [needs Linux keystores]`, LINUX_KEYSTORES, fn);
}
