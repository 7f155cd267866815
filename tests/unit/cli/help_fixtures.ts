/**
 * Expected help texts for the aws-vault declaration built with
 * backends [secret-service pass file], prompts [terminal ykman], at 80 columns.
 * They were produced by kingpin v2 (Go 1.19 `go/doc` wrapping) for the same
 * declaration; lines may end with spaces on purpose.
 *
 * @module
 */

/** `aws-vault --help` (stderr). */
export const APP_USAGE = `usage: aws-vault [<flags>] <command> [<args> ...]

A vault for securely storing and accessing AWS credentials in development
environments.


Flags:
  --[no-]help                Show context-sensitive help (also try --help-long
                             and --help-man).
  --[no-]version             Show application version.
  --[no-]debug               Show debugging output
  --backend=secret-service   Secret backend to use [secret-service pass file]
                             ($AWS_VAULT_BACKEND)
  --prompt=PROMPT            Prompt driver to use [terminal ykman]
                             ($AWS_VAULT_PROMPT)
  --keychain="aws-vault"     Name of macOS keychain to use, if it doesn't exist
                             it will be created ($AWS_VAULT_KEYCHAIN_NAME)
  --secret-service-collection="awsvault"  
                             Name of secret-service collection to use,
                             if it doesn't exist it will be created
                             ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
  --pass-dir=PASS-DIR        Pass password store directory
                             ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
  --pass-cmd=PASS-CMD        Name of the pass executable ($AWS_VAULT_PASS_CMD)
  --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in pass
                             ($AWS_VAULT_PASS_PREFIX)
  --file-dir="~/.awsvault/keys/"  
                             Directory for the "file" password store
                             ($AWS_VAULT_FILE_DIR)

Commands:
help [<command>...]
    Show help.

add [<flags>] <profile>
    Add credentials to the secure keystore.

remove [<flags>] <profile>
    Remove credentials from the secure keystore.

list [<flags>]
    List profiles, along with their credentials and sessions.

exec [<flags>] <profile> [<cmd>] [<args>...]
    Execute a command with AWS credentials.

export [<flags>] <profile>
    Export AWS credentials.

clear [<profile>]
    Clear temporary credentials from the secure keystore.


`;

/** `aws-vault help help` (stderr). */
export const HELP_USAGE = `usage: aws-vault help [<command>...]

Show help.


Flags:
  --[no-]help                Show context-sensitive help (also try --help-long
                             and --help-man).
  --[no-]version             Show application version.
  --[no-]debug               Show debugging output
  --backend=secret-service   Secret backend to use [secret-service pass file]
                             ($AWS_VAULT_BACKEND)
  --prompt=PROMPT            Prompt driver to use [terminal ykman]
                             ($AWS_VAULT_PROMPT)
  --keychain="aws-vault"     Name of macOS keychain to use, if it doesn't exist
                             it will be created ($AWS_VAULT_KEYCHAIN_NAME)
  --secret-service-collection="awsvault"  
                             Name of secret-service collection to use,
                             if it doesn't exist it will be created
                             ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
  --pass-dir=PASS-DIR        Pass password store directory
                             ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
  --pass-cmd=PASS-CMD        Name of the pass executable ($AWS_VAULT_PASS_CMD)
  --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in pass
                             ($AWS_VAULT_PASS_PREFIX)
  --file-dir="~/.awsvault/keys/"  
                             Directory for the "file" password store
                             ($AWS_VAULT_FILE_DIR)

Args:
  [<command>]  Show help on command.

`;

/** `aws-vault help add` (stderr). */
export const ADD_USAGE = `usage: aws-vault add [<flags>] <profile>

Add credentials to the secure keystore.


Flags:
  --[no-]help                Show context-sensitive help (also try --help-long
                             and --help-man).
  --[no-]version             Show application version.
  --[no-]debug               Show debugging output
  --backend=secret-service   Secret backend to use [secret-service pass file]
                             ($AWS_VAULT_BACKEND)
  --prompt=PROMPT            Prompt driver to use [terminal ykman]
                             ($AWS_VAULT_PROMPT)
  --keychain="aws-vault"     Name of macOS keychain to use, if it doesn't exist
                             it will be created ($AWS_VAULT_KEYCHAIN_NAME)
  --secret-service-collection="awsvault"  
                             Name of secret-service collection to use,
                             if it doesn't exist it will be created
                             ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
  --pass-dir=PASS-DIR        Pass password store directory
                             ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
  --pass-cmd=PASS-CMD        Name of the pass executable ($AWS_VAULT_PASS_CMD)
  --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in pass
                             ($AWS_VAULT_PASS_PREFIX)
  --file-dir="~/.awsvault/keys/"  
                             Directory for the "file" password store
                             ($AWS_VAULT_FILE_DIR)
  --[no-]env                 Read the credentials from the environment
                             (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)
  --[no-]add-config          Add a profile to ~/.aws/config if one doesn't exist

Args:
  <profile>  Name of the profile

`;

/** `aws-vault help remove` (stderr). */
export const REMOVE_USAGE = `usage: aws-vault remove [<flags>] <profile>

Remove credentials from the secure keystore.


Flags:
      --[no-]help                Show context-sensitive help (also try
                                 --help-long and --help-man).
      --[no-]version             Show application version.
      --[no-]debug               Show debugging output
      --backend=secret-service   Secret backend to use [secret-service pass
                                 file] ($AWS_VAULT_BACKEND)
      --prompt=PROMPT            Prompt driver to use [terminal ykman]
                                 ($AWS_VAULT_PROMPT)
      --keychain="aws-vault"     Name of macOS keychain to use,
                                 if it doesn't exist it will be created
                                 ($AWS_VAULT_KEYCHAIN_NAME)
      --secret-service-collection="awsvault"  
                                 Name of secret-service collection to use,
                                 if it doesn't exist it will be created
                                 ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
      --pass-dir=PASS-DIR        Pass password store directory
                                 ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
      --pass-cmd=PASS-CMD        Name of the pass executable
                                 ($AWS_VAULT_PASS_CMD)
      --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in
                                 pass ($AWS_VAULT_PASS_PREFIX)
      --file-dir="~/.awsvault/keys/"  
                                 Directory for the "file" password store
                                 ($AWS_VAULT_FILE_DIR)
  -f, --[no-]force               Force-remove the profile without a prompt

Args:
  <profile>  Name of the profile

`;

/** `aws-vault help list` (stderr). */
export const LIST_USAGE = `usage: aws-vault list [<flags>]

List profiles, along with their credentials and sessions.


Flags:
  --[no-]help                Show context-sensitive help (also try --help-long
                             and --help-man).
  --[no-]version             Show application version.
  --[no-]debug               Show debugging output
  --backend=secret-service   Secret backend to use [secret-service pass file]
                             ($AWS_VAULT_BACKEND)
  --prompt=PROMPT            Prompt driver to use [terminal ykman]
                             ($AWS_VAULT_PROMPT)
  --keychain="aws-vault"     Name of macOS keychain to use, if it doesn't exist
                             it will be created ($AWS_VAULT_KEYCHAIN_NAME)
  --secret-service-collection="awsvault"  
                             Name of secret-service collection to use,
                             if it doesn't exist it will be created
                             ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
  --pass-dir=PASS-DIR        Pass password store directory
                             ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
  --pass-cmd=PASS-CMD        Name of the pass executable ($AWS_VAULT_PASS_CMD)
  --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in pass
                             ($AWS_VAULT_PASS_PREFIX)
  --file-dir="~/.awsvault/keys/"  
                             Directory for the "file" password store
                             ($AWS_VAULT_FILE_DIR)
  --[no-]profiles            Show only the profile names
  --[no-]sessions            Show only the session names
  --[no-]credentials         Show only the profiles with stored credential

`;

/** `aws-vault help exec` (stderr). */
export const EXEC_USAGE = `usage: aws-vault exec [<flags>] <profile> [<cmd>] [<args>...]

Execute a command with AWS credentials.


Flags:
      --[no-]help                Show context-sensitive help (also try
                                 --help-long and --help-man).
      --[no-]version             Show application version.
      --[no-]debug               Show debugging output
      --backend=secret-service   Secret backend to use [secret-service pass
                                 file] ($AWS_VAULT_BACKEND)
      --prompt=PROMPT            Prompt driver to use [terminal ykman]
                                 ($AWS_VAULT_PROMPT)
      --keychain="aws-vault"     Name of macOS keychain to use,
                                 if it doesn't exist it will be created
                                 ($AWS_VAULT_KEYCHAIN_NAME)
      --secret-service-collection="awsvault"  
                                 Name of secret-service collection to use,
                                 if it doesn't exist it will be created
                                 ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
      --pass-dir=PASS-DIR        Pass password store directory
                                 ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
      --pass-cmd=PASS-CMD        Name of the pass executable
                                 ($AWS_VAULT_PASS_CMD)
      --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in
                                 pass ($AWS_VAULT_PASS_PREFIX)
      --file-dir="~/.awsvault/keys/"  
                                 Directory for the "file" password store
                                 ($AWS_VAULT_FILE_DIR)
  -d, --duration=DURATION        Duration of the temporary or assume-role
                                 session. Defaults to 1h
  -n, --[no-]no-session          Skip creating STS session with GetSessionToken
      --region=REGION            The AWS region
  -t, --mfa-token=MFA-TOKEN      The MFA token to use
  -s, --[no-]server              Alias for --ecs-server
      --[no-]ec2-server          Run a EC2 metadata server in the background for
                                 credentials
      --[no-]ecs-server          Run a ECS credential server in the background
                                 for credentials (the SDK or app must support
                                 AWS_CONTAINER_CREDENTIALS_FULL_URI)
      --[no-]lazy                When using --ecs-server, lazily fetch
                                 credentials
      --[no-]stdout              Print the SSO link to the terminal without
                                 automatically opening the browser

Args:
  <profile>  Name of the profile
  [<cmd>]    Command to execute, defaults to $SHELL
  [<args>]   Command arguments

`;

/** `aws-vault help export` (stderr). */
export const EXPORT_USAGE = `usage: aws-vault export [<flags>] <profile>

Export AWS credentials.


Flags:
      --[no-]help                Show context-sensitive help (also try
                                 --help-long and --help-man).
      --[no-]version             Show application version.
      --[no-]debug               Show debugging output
      --backend=secret-service   Secret backend to use [secret-service pass
                                 file] ($AWS_VAULT_BACKEND)
      --prompt=PROMPT            Prompt driver to use [terminal ykman]
                                 ($AWS_VAULT_PROMPT)
      --keychain="aws-vault"     Name of macOS keychain to use,
                                 if it doesn't exist it will be created
                                 ($AWS_VAULT_KEYCHAIN_NAME)
      --secret-service-collection="awsvault"  
                                 Name of secret-service collection to use,
                                 if it doesn't exist it will be created
                                 ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
      --pass-dir=PASS-DIR        Pass password store directory
                                 ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
      --pass-cmd=PASS-CMD        Name of the pass executable
                                 ($AWS_VAULT_PASS_CMD)
      --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in
                                 pass ($AWS_VAULT_PASS_PREFIX)
      --file-dir="~/.awsvault/keys/"  
                                 Directory for the "file" password store
                                 ($AWS_VAULT_FILE_DIR)
  -d, --duration=DURATION        Duration of the temporary or assume-role
                                 session. Defaults to 1h
  -n, --[no-]no-session          Skip creating STS session with GetSessionToken
      --region=REGION            The AWS region
  -t, --mfa-token=MFA-TOKEN      The MFA token to use
      --format=env               Format to output credentials. Valid values are
                                 env, export-env and json
      --[no-]stdout              Print the SSO link to the terminal without
                                 automatically opening the browser

Args:
  <profile>  Name of the profile

`;

/** `aws-vault help clear` (stderr). */
export const CLEAR_USAGE = `usage: aws-vault clear [<profile>]

Clear temporary credentials from the secure keystore.


Flags:
  --[no-]help                Show context-sensitive help (also try --help-long
                             and --help-man).
  --[no-]version             Show application version.
  --[no-]debug               Show debugging output
  --backend=secret-service   Secret backend to use [secret-service pass file]
                             ($AWS_VAULT_BACKEND)
  --prompt=PROMPT            Prompt driver to use [terminal ykman]
                             ($AWS_VAULT_PROMPT)
  --keychain="aws-vault"     Name of macOS keychain to use, if it doesn't exist
                             it will be created ($AWS_VAULT_KEYCHAIN_NAME)
  --secret-service-collection="awsvault"  
                             Name of secret-service collection to use,
                             if it doesn't exist it will be created
                             ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
  --pass-dir=PASS-DIR        Pass password store directory
                             ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
  --pass-cmd=PASS-CMD        Name of the pass executable ($AWS_VAULT_PASS_CMD)
  --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in pass
                             ($AWS_VAULT_PASS_PREFIX)
  --file-dir="~/.awsvault/keys/"  
                             Directory for the "file" password store
                             ($AWS_VAULT_FILE_DIR)

Args:
  [<profile>]  Name of the profile

`;

/** `aws-vault --help` with {"COLUMNS":"40"} (stderr). */
export const APP_USAGE_40 = `usage: aws-vault [<flags>] <command> [<args> ...]

A vault for securely storing and
accessing AWS credentials in development
environments.


Flags:
  --[no-]help                Show
                             context-sensitive
                             help
                             (also try
                             --help-long
                             and
                             --help-man).
  --[no-]version             Show
                             application
                             version.
  --[no-]debug               Show
                             debugging
                             output
  --backend=secret-service   Secret
                             backend
                             to use
                             [secret-service
                             pass file]
                             ($AWS_VAULT_BACKEND)
  --prompt=PROMPT            Prompt
                             driver
                             to use
                             [terminal
                             ykman]
                             ($AWS_VAULT_PROMPT)
  --keychain="aws-vault"     Name of
                             macOS
                             keychain
                             to use, if
                             it doesn't
                             exist it
                             will be
                             created
                             ($AWS_VAULT_KEYCHAIN_NAME)
  --secret-service-collection="awsvault"  
                             Name of
                             secret-service
                             collection
                             to use, if
                             it doesn't
                             exist it
                             will be
                             created
                             ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
  --pass-dir=PASS-DIR        Pass
                             password
                             store
                             directory
                             ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
  --pass-cmd=PASS-CMD        Name of
                             the pass
                             executable
                             ($AWS_VAULT_PASS_CMD)
  --pass-prefix=PASS-PREFIX  Prefix to
                             prepend to
                             the item
                             path stored
                             in pass
                             ($AWS_VAULT_PASS_PREFIX)
  --file-dir="~/.awsvault/keys/"  
                             Directory
                             for the
                             "file"
                             password
                             store
                             ($AWS_VAULT_FILE_DIR)

Commands:
help [<command>...]
    Show help.

add [<flags>] <profile>
    Add credentials to the secure
    keystore.

remove [<flags>] <profile>
    Remove credentials from the secure
    keystore.

list [<flags>]
    List profiles, along with their
    credentials and sessions.

exec [<flags>] <profile> [<cmd>] [<args>...]
    Execute a command with AWS
    credentials.

export [<flags>] <profile>
    Export AWS credentials.

clear [<profile>]
    Clear temporary credentials from the
    secure keystore.


`;

/** `aws-vault --help-long` (stdout). */
export const LONG_HELP = `usage: aws-vault [<flags>] <command> [<args> ...]

A vault for securely storing and accessing AWS credentials in development
environments.

Flags:
  --[no-]help                Show context-sensitive help (also try --help-long
                             and --help-man).
  --[no-]version             Show application version.
  --[no-]debug               Show debugging output
  --backend=secret-service   Secret backend to use [secret-service pass file]
                             ($AWS_VAULT_BACKEND)
  --prompt=PROMPT            Prompt driver to use [terminal ykman]
                             ($AWS_VAULT_PROMPT)
  --keychain="aws-vault"     Name of macOS keychain to use, if it doesn't exist
                             it will be created ($AWS_VAULT_KEYCHAIN_NAME)
  --secret-service-collection="awsvault"  
                             Name of secret-service collection to use,
                             if it doesn't exist it will be created
                             ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)
  --pass-dir=PASS-DIR        Pass password store directory
                             ($AWS_VAULT_PASS_PASSWORD_STORE_DIR)
  --pass-cmd=PASS-CMD        Name of the pass executable ($AWS_VAULT_PASS_CMD)
  --pass-prefix=PASS-PREFIX  Prefix to prepend to the item path stored in pass
                             ($AWS_VAULT_PASS_PREFIX)
  --file-dir="~/.awsvault/keys/"  
                             Directory for the "file" password store
                             ($AWS_VAULT_FILE_DIR)

Commands:
help [<command>...]
    Show help.


add [<flags>] <profile>
    Add credentials to the secure keystore.

    --[no-]env         Read the credentials from the environment
                       (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)
    --[no-]add-config  Add a profile to ~/.aws/config if one doesn't exist

remove [<flags>] <profile>
    Remove credentials from the secure keystore.

    -f, --[no-]force  Force-remove the profile without a prompt

list [<flags>]
    List profiles, along with their credentials and sessions.

    --[no-]profiles     Show only the profile names
    --[no-]sessions     Show only the session names
    --[no-]credentials  Show only the profiles with stored credential

exec [<flags>] <profile> [<cmd>] [<args>...]
    Execute a command with AWS credentials.

    -d, --duration=DURATION    Duration of the temporary or assume-role session.
                               Defaults to 1h
    -n, --[no-]no-session      Skip creating STS session with GetSessionToken
        --region=REGION        The AWS region
    -t, --mfa-token=MFA-TOKEN  The MFA token to use
    -s, --[no-]server          Alias for --ecs-server
        --[no-]ec2-server      Run a EC2 metadata server in the background for
                               credentials
        --[no-]ecs-server      Run a ECS credential server in the background
                               for credentials (the SDK or app must support
                               AWS_CONTAINER_CREDENTIALS_FULL_URI)
        --[no-]lazy            When using --ecs-server, lazily fetch credentials
        --[no-]stdout          Print the SSO link to the terminal without
                               automatically opening the browser

export [<flags>] <profile>
    Export AWS credentials.

    -d, --duration=DURATION    Duration of the temporary or assume-role session.
                               Defaults to 1h
    -n, --[no-]no-session      Skip creating STS session with GetSessionToken
        --region=REGION        The AWS region
    -t, --mfa-token=MFA-TOKEN  The MFA token to use
        --format=env           Format to output credentials. Valid values are
                               env, export-env and json
        --[no-]stdout          Print the SSO link to the terminal without
                               automatically opening the browser

clear [<profile>]
    Clear temporary credentials from the secure keystore.



`;

/** `aws-vault --help-man` (stdout). */
export const MAN_PAGE = `.TH aws-vault 1 v7.2.0 ""
.SH "NAME"
aws-vault
.SH "SYNOPSIS"
.TP
\\fBaws-vault [<flags>] <command> [<args> ...]\\fR

.SH "DESCRIPTION"
A vault for securely storing and accessing AWS credentials in development environments.
.SH "OPTIONS"
.TP
\\fB--help\\fR
Show context-sensitive help (also try --help-long and --help-man).
.TP
\\fB--version\\fR
Show application version.
.TP
\\fB--debug\\fR
Show debugging output
.TP
\\fB--backend=secret-service\\fR
Secret backend to use [secret-service pass file]
.TP
\\fB--prompt=PROMPT\\fR
Prompt driver to use [terminal ykman]
.TP
\\fB--keychain="aws-vault"\\fR
Name of macOS keychain to use, if it doesn't exist it will be created
.TP
\\fB--secret-service-collection="awsvault"\\fR
Name of secret-service collection to use, if it doesn't exist it will be created
.TP
\\fB--pass-dir=PASS-DIR\\fR
Pass password store directory
.TP
\\fB--pass-cmd=PASS-CMD\\fR
Name of the pass executable
.TP
\\fB--pass-prefix=PASS-PREFIX\\fR
Prefix to prepend to the item path stored in pass
.TP
\\fB--file-dir="~/.awsvault/keys/"\\fR
Directory for the "file" password store
.SH "COMMANDS"
.SS
\\fBhelp [<command>...]\\fR
.PP
Show help.
.SS
\\fBadd [<flags>] <profile>\\fR
.PP
Add credentials to the secure keystore.
.TP
\\fB--env\\fR
Read the credentials from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)
.TP
\\fB--add-config\\fR
Add a profile to ~/.aws/config if one doesn't exist
.SS
\\fBremove [<flags>] <profile>\\fR
.PP
Remove credentials from the secure keystore.
.TP
\\fB-f, --force\\fR
Force-remove the profile without a prompt
.SS
\\fBlist [<flags>]\\fR
.PP
List profiles, along with their credentials and sessions.
.TP
\\fB--profiles\\fR
Show only the profile names
.TP
\\fB--sessions\\fR
Show only the session names
.TP
\\fB--credentials\\fR
Show only the profiles with stored credential
.SS
\\fBexec [<flags>] <profile> [<cmd>] [<args>...]\\fR
.PP
Execute a command with AWS credentials.
.TP
\\fB-d, --duration=DURATION\\fR
Duration of the temporary or assume-role session. Defaults to 1h
.TP
\\fB-n, --no-session\\fR
Skip creating STS session with GetSessionToken
.TP
\\fB--region=REGION\\fR
The AWS region
.TP
\\fB-t, --mfa-token=MFA-TOKEN\\fR
The MFA token to use
.TP
\\fB-s, --server\\fR
Alias for --ecs-server
.TP
\\fB--ec2-server\\fR
Run a EC2 metadata server in the background for credentials
.TP
\\fB--ecs-server\\fR
Run a ECS credential server in the background for credentials (the SDK or app must support AWS_CONTAINER_CREDENTIALS_FULL_URI)
.TP
\\fB--lazy\\fR
When using --ecs-server, lazily fetch credentials
.TP
\\fB--stdout\\fR
Print the SSO link to the terminal without automatically opening the browser
.SS
\\fBexport [<flags>] <profile>\\fR
.PP
Export AWS credentials.
.TP
\\fB-d, --duration=DURATION\\fR
Duration of the temporary or assume-role session. Defaults to 1h
.TP
\\fB-n, --no-session\\fR
Skip creating STS session with GetSessionToken
.TP
\\fB--region=REGION\\fR
The AWS region
.TP
\\fB-t, --mfa-token=MFA-TOKEN\\fR
The MFA token to use
.TP
\\fB--format=env\\fR
Format to output credentials. Valid values are env, export-env and json
.TP
\\fB--stdout\\fR
Print the SSO link to the terminal without automatically opening the browser
.SS
\\fBclear [<profile>]\\fR
.PP
Clear temporary credentials from the secure keystore.
`;
