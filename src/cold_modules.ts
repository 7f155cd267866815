/**
 * The code that a cached credential request and `list` never run, behind one
 * table of loaders: the commands that change the vault (`add`, `remove`,
 * `clear`, `rotate`'s work), help, the MFA code sources and prompt drivers, and
 * every keyring backend except the encrypted file.
 *
 * From source, each loader is a plain dynamic import. In the shipped bundle
 * (`scripts/bundle.ts`) this module is replaced: everything reachable from here
 * and not from `main.ts` goes into a second file, which the first call of any
 * loader imports. The first file then holds only what every start needs, so a
 * start reads and deserializes about half the code (README, design notes). The
 * second file takes the modules it shares with the first from the first, so
 * both see the same classes (`instanceof` holds across the two).
 *
 * @module
 */

/** Loaders of the modules kept out of the start-up file, by name. */
export const coldModules = {
  add: () => import("./cli/commands/add.ts"),
  remove: () => import("./cli/commands/remove.ts"),
  clear: () => import("./cli/commands/clear.ts"),
  help: () => import("./cli/help.ts"),
  completionScript: () => import("./cli/completion_script.ts"),
  rotateKey: () => import("./credentials/rotate.ts"),
  iam: () => import("./aws/iam.ts"),
  sdkCall: () => import("./aws/sdk_call.ts"),
  mfa: () => import("./credentials/mfa.ts"),
  kdialog: () => import("./prompt/kdialog.ts"),
  osascript: () => import("./prompt/osascript.ts"),
  terminalPrompt: () => import("./prompt/terminal.ts"),
  wincredui: () => import("./prompt/wincredui.ts"),
  ykman: () => import("./prompt/ykman.ts"),
  zenity: () => import("./prompt/zenity.ts"),
  wincred: () => import("../backends/wincred.ts"),
  keychain: () => import("../backends/keychain.ts"),
  secretService: () => import("../backends/secret_service.ts"),
  kwallet: () => import("../backends/kwallet.ts"),
  pass: () => import("../backends/pass.ts"),
} as const;
