/**
 * The shell scripts printed by `--completion-script-bash`,
 * `--completion-script-zsh` and `--completion-script-fish`: each calls the
 * program's hidden `--completion-bash` flag (completion.ts) for candidates, and
 * hands the words after a `--` to the shell's normal completion for the
 * wrapped command.
 *
 * @module
 */

import type { AppSpec } from "./cli_spec.ts";
import type { CompletionShell } from "./parser.ts";

function functionName(app: string): string {
  return "_" + app.replace(/[^A-Za-z0-9_]/g, "_") + "_complete";
}

function bashScript(app: string): string {
  const fn = functionName(app);
  return `# bash completion for ${app}
# Install: eval "$(${app} --completion-script-bash)" in ~/.bashrc
${fn}() {
    local n cur candidates
    for (( n = 1; n < COMP_CWORD; n++ )); do
        if [[ "\${COMP_WORDS[n]}" == "--" ]]; then
            # Complete the wrapped command line normally.
            _command_offset $(( n + 1 ))
            return
        fi
    done
    cur="\${COMP_WORDS[COMP_CWORD]}"
    candidates="$("\${COMP_WORDS[0]}" --completion-bash "\${COMP_WORDS[@]:1:COMP_CWORD}")"
    COMPREPLY=( $(compgen -W "\${candidates}" -- "\${cur}") )
    return 0
}
complete -F ${fn} -o default ${app}
`;
}

function zshScript(app: string): string {
  const fn = functionName(app);
  return `#compdef ${app}
# zsh completion for ${app}
# Install: eval "$(${app} --completion-script-zsh)" in ~/.zshrc, or save as _${app} on $fpath
${fn}() {
    local n
    for (( n = 2; n < CURRENT; n++ )); do
        if [[ "\${words[n]}" == "--" ]]; then
            # Complete the wrapped command line normally.
            shift $n words
            (( CURRENT -= n ))
            _normal
            return
        fi
    done
    local -a candidates
    candidates=( \${(f)"$("\${words[1]}" --completion-bash "\${(@)words[2,CURRENT]}")"} )
    compadd -a candidates
    if [[ $compstate[nmatches] -eq 0 && "\${words[CURRENT]}" != -* ]]; then
        _files
    fi
}
if [[ "$(basename -- "\${(%):-%x}")" != "_${app}" ]]; then
    compdef ${fn} ${app}
fi
`;
}

function fishScript(app: string): string {
  const fn = functionName(app);
  return `# fish completion for ${app}
# Install: ${app} --completion-script-fish > ~/.config/fish/completions/${app}.fish
function ${fn}
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l program $words[1]
    set -e words[1]
    set -l n (contains -i -- -- $words)
    if test -n "$n"
        # Complete the wrapped command line as fish would on its own.
        set -e words[1..$n]
        complete -C (string join ' ' -- (string escape -- $words) "$current")
        return
    end
    $program --completion-bash $words $current
end
complete -c ${app} -f -a '(${fn})'
`;
}

/** The completion script printed by `--completion-script-<shell>`. */
export function completionScript(spec: AppSpec, shell: CompletionShell): string {
  if (shell === "bash") return bashScript(spec.name);
  return shell === "zsh" ? zshScript(spec.name) : fishScript(spec.name);
}
