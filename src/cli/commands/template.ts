/**
 * `ferry template [NAME] CHART`: a drop-in for `helm template`, rendered by Ferry's own Helm
 * engine and printed as helm prints it. `ferry helm template ...` is the same command, so a
 * pipeline that runs `helm template` can run Ferry by replacing the word `helm`.
 * Only local charts (a directory or a .tgz) are rendered: nothing is fetched.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { FerryError, type FileTree } from '../../core/index.ts';
import { helmFuncMap, mergeValueSources, renderChart, showOnly, systemRuntime } from '../../render/helm/index.ts';
import { TemplateSet } from '../../render/helm/gotemplate/index.ts';
import type { CliDeps } from '../deps.ts';

interface TemplateFlags {
  readonly namespace?: string;
  readonly values: string[];
  readonly set: string[];
  readonly setString: string[];
  readonly setJson: string[];
  readonly setFile: string[];
  readonly setLiteral: string[];
  readonly kubeVersion?: string;
  readonly apiVersions: string[];
  readonly includeCrds?: boolean;
  readonly skipCrds?: boolean;
  readonly skipTests?: boolean;
  readonly noHooks?: boolean;
  readonly showOnly: string[];
  readonly nameTemplate?: string;
  readonly generateName?: boolean;
  readonly skipSchemaValidation?: boolean;
  readonly isUpgrade?: boolean;
  readonly outputDir?: string;
  readonly validate?: boolean;
  readonly dependencyUpdate?: boolean;
  readonly repo?: string;
  readonly version?: string;
  readonly postRenderer?: string;
}

function usage(message: string): FerryError {
  return new FerryError('CLI_USAGE', message, { httpStatus: 400 });
}

const collect = (value: string, previous: string[]) => [...previous, value];
/** helm's string-slice flags (`-f a.yaml,b.yaml`) split on commas. */
const collectList = (value: string, previous: string[]) => [...previous, ...value.split(',').filter((v) => v !== '')];

/** A CLI that can read one named file (relative to cwd, `-` for stdin) without listing folders. */
interface TextFileReader {
  readTextFile?(file: string): Promise<string>;
}

/**
 * Reads the files named by -f and --set-file: through the CLI's file reader when it has one,
 * else through a tree of the file's folder (each folder listed once).
 */
function fileReader(deps: CliDeps) {
  const trees = new Map<string, Promise<FileTree>>();
  const direct = (deps as CliDeps & TextFileReader).readTextFile?.bind(deps);
  return async (file: string): Promise<string> => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) throw usage(`${file}: remote values files are not fetched`);
    if (direct) return direct(file);
    if (file === '-') throw usage('reading values from stdin (-f -) is not supported here');
    const absolute = path.resolve(deps.io.cwd, file);
    const dir = path.dirname(absolute);
    let tree = trees.get(dir);
    if (!tree) trees.set(dir, (tree = Promise.resolve(deps.openLocalTree(dir))));
    const name = path.basename(absolute);
    const opened = await tree;
    if (!opened.hasFile(name)) throw new FerryError('FILE_NOT_FOUND', `open ${file}: no such file`, { httpStatus: 404 });
    return new TextDecoder().decode(opened.read(name));
  };
}

/** The paths `--set-file` values name (read before parsing, since reading is asynchronous). */
async function readSetFiles(expressions: readonly string[], read: (file: string) => Promise<string>): Promise<Map<string, string>> {
  const paths = new Set<string>();
  mergeValueSources({ setFile: expressions, readFile: (p) => (paths.add(p), '') });
  const contents = new Map<string, string>();
  for (const p of paths) contents.set(p, await read(p));
  return contents;
}

function releaseName(args: readonly string[], flags: TemplateFlags, chartName: () => string): string {
  if (flags.nameTemplate !== undefined) {
    const set = new TemplateSet('name-template', { funcs: helmFuncMap(systemRuntime) }).parse('name-template', flags.nameTemplate);
    return set.execute('name-template', null);
  }
  if (args.length === 2) return args[0]!;
  if (flags.generateName) return `${chartName()}-${Math.floor(systemRuntime.now().getTime() / 1000)}`;
  return 'release-name';
}

async function runTemplate(args: readonly string[], flags: TemplateFlags, deps: CliDeps): Promise<void> {
  if (args.length === 0) throw usage('"template" requires at least 1 argument: [NAME] CHART');
  if (args.length > 2) throw usage(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  const unsupported: [boolean, string][] = [
    [flags.outputDir !== undefined, '--output-dir'],
    [flags.validate === true, '--validate (it needs a cluster)'],
    [flags.dependencyUpdate === true, '--dependency-update (Ferry does not fetch charts; vendor them into charts/)'],
    [flags.repo !== undefined, '--repo (Ferry renders local charts only)'],
    [flags.version !== undefined, '--version (Ferry renders local charts only)'],
    [flags.postRenderer !== undefined, '--post-renderer'],
  ];
  for (const [given, flag] of unsupported) if (given) throw usage(`${flag} is not supported by ferry template`);
  const chartArg = args.length === 2 ? args[1]! : args[0]!;
  const chartAbsolute = path.resolve(deps.io.cwd, chartArg);
  const isArchive = chartArg.endsWith('.tgz') || chartArg.endsWith('.tar.gz');
  const treeRoot = isArchive ? path.dirname(chartAbsolute) : chartAbsolute;
  const tree = await deps.openLocalTree(treeRoot);
  const chartPath = isArchive ? path.basename(chartAbsolute) : '';
  if (!isArchive && !tree.hasFile('Chart.yaml')) {
    throw new FerryError('FILE_NOT_FOUND', `${chartArg}: no Chart.yaml; give a chart directory or a packaged .tgz (repository charts are not fetched)`, {
      httpStatus: 404,
    });
  }

  const read = fileReader(deps);
  const files = [];
  for (const file of flags.values) files.push({ name: file, text: await read(file) });
  const setFiles = await readSetFiles(flags.setFile, read);
  const values = mergeValueSources({
    files,
    setJson: flags.setJson,
    set: flags.set,
    setString: flags.setString,
    setFile: flags.setFile,
    setLiteral: flags.setLiteral,
    readFile: (p) => setFiles.get(p) ?? '',
  });

  const name = releaseName(args, flags, () => path.basename(chartAbsolute).replace(/(-\d.*)?\.(tgz|tar\.gz)$/, ''));
  const rendered = renderChart(tree, chartPath, {
    releaseName: name,
    namespace: flags.namespace ?? 'default',
    values,
    kubeVersion: flags.kubeVersion,
    apiVersions: flags.apiVersions,
    includeCrds: flags.includeCrds === true,
    skipTests: flags.skipTests === true,
    skipSchemaValidation: flags.skipSchemaValidation === true,
    isUpgrade: flags.isUpgrade === true,
    label: chartArg,
    warn: (message) => deps.io.writeErr(`${message}\n`),
  });
  let text = rendered.text;
  if (flags.noHooks) {
    text = `${[...rendered.crds.map((c) => `---\n# Source: ${c.name}\n${c.content}\n`), ...rendered.manifests.map((m) => `---\n# Source: ${m.name}\n${m.content}\n`)].join('').trim()}\n`;
  }
  if (flags.showOnly.length > 0) text = showOnly(text, flags.showOnly);
  deps.io.writeOut(text);
}

const NO_OP_SWITCHES = [
  'devel', 'wait-for-jobs', 'atomic', 'rollback-on-failure', 'replace', 'render-subchart-notes', 'disable-openapi-validation',
  'enable-dns', 'take-ownership', 'force', 'force-replace', 'force-conflicts', 'hide-notes', 'hide-secret', 'insecure-skip-tls-verify',
  'plain-http', 'pass-credentials', 'verify', 'skip-refresh', 'kube-insecure-skip-tls-verify',
];
const NO_OP_OPTIONS = [
  'timeout', 'description', 'labels', 'username', 'password', 'keyring', 'ca-file', 'cert-file', 'key-file', 'kubeconfig', 'kube-context',
  'kube-apiserver', 'kube-token', 'kube-as-user', 'kube-as-group', 'kube-ca-file', 'kube-tls-server-name', 'registry-config',
  'repository-cache', 'repository-config', 'burst-limit', 'qps', 'server-side',
];

function defineTemplate(command: Command, deps: CliDeps): Command {
  command
    .description("render a chart as helm template does, with Ferry's own Helm engine (local charts only)")
    .argument('[ARGS...]', '[NAME] CHART: the release name and a chart directory or .tgz')
    .option('-n, --namespace <NAMESPACE>', 'namespace scope for this request', 'default')
    .option('-f, --values <FILES>', 'values files, in order (repeatable, or comma-separated)', collectList, [])
    .option('--set <VALUES>', 'set values (key1=val1,key2=val2)', collect, [])
    .option('--set-string <VALUES>', 'set STRING values', collect, [])
    .option('--set-json <VALUES>', 'set JSON values (key1=jsonval1,...)', collect, [])
    .option('--set-file <VALUES>', 'set values from files (key1=path1,...)', collect, [])
    .option('--set-literal <VALUE>', 'set a literal STRING value (the whole text after =)', collect, [])
    .option('--kube-version <VERSION>', 'Kubernetes version used for Capabilities.KubeVersion')
    .option('-a, --api-versions <VERSIONS>', 'Kubernetes api versions used for Capabilities.APIVersions (repeatable)', collectList, [])
    .option('--include-crds', 'include CRDs in the templated output')
    .option('--skip-crds', 'no CRDs are printed (the default for helm template unless --include-crds)')
    .option('--skip-tests', 'skip tests from templated output')
    .option('--no-hooks', 'prevent hooks from being printed')
    .option('-s, --show-only <TEMPLATE>', 'only show manifests rendered from the given templates (repeatable)', collect, [])
    .option('--name-template <TEMPLATE>', 'specify the template used to name the release')
    .option('-g, --generate-name', 'generate the name (and omit the NAME parameter)')
    .option('--skip-schema-validation', 'disable JSON schema validation')
    .option('--is-upgrade', 'set .Release.IsUpgrade instead of .Release.IsInstall')
    .addOption(new Option('--output-dir <DIR>').hideHelp())
    .addOption(new Option('--validate').hideHelp())
    .addOption(new Option('--dependency-update').hideHelp())
    .addOption(new Option('--repo <URL>').hideHelp())
    .addOption(new Option('--version <VERSION>').hideHelp())
    .addOption(new Option('--post-renderer <PATH>').hideHelp())
    .addOption(new Option('--debug').hideHelp())
    .addOption(new Option('--create-namespace').hideHelp())
    .addOption(new Option('--dry-run [MODE]').hideHelp())
    .addOption(new Option('--wait').hideHelp());
  // helm template's flags that change nothing in what it prints (installing, waiting, clients, credentials).
  for (const flag of NO_OP_SWITCHES) command.addOption(new Option(`--${flag}`).hideHelp());
  for (const flag of NO_OP_OPTIONS) command.addOption(new Option(`--${flag} <VALUE>`).hideHelp());
  return command
    .action((args: string[], flags: TemplateFlags & { hooks?: boolean }) => runTemplate(args, { ...flags, noHooks: flags.hooks === false }, deps));
}

export function registerTemplateCommand(program: Command, deps: CliDeps): void {
  defineTemplate(program.command('template'), deps);
  const helm = program.command('helm').description('the helm commands Ferry implements itself');
  defineTemplate(helm.command('template'), deps);
}
