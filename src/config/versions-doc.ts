/**
 * The version facts as the docs show them: markdown blocks rendered from versions.data.json, so that no page
 * restates a fact by hand. Each block sits between `<!-- versions:NAME -->` and `<!-- /versions -->` in a page
 * of docs/; test/versions-docs.test.ts fails when one differs from what this renders
 * (`UPDATE_DOCS=1 npx jest test/versions-docs.test.ts` rewrites them).
 */
import { buildRange } from './version-policy';
import { cite, CONTAINERD_LINES, Source, VERSIONS } from './versions';

/** `kubernetes/sig-release …README.md @e8dfc805, read 2026-12-07 (unverified: …)`. */
function sourceText(source: Source): string {
  const base = `${cite(source)}, read ${source.read}`;
  if (source.unverified) return `${base}; **unverified**: ${source.note ?? ''}`;
  return source.note === undefined ? base : `${base}: ${source.note}`;
}

/** The distinct sources of a list of facts, as a bullet list. */
function sourceList(list: readonly Source[]): string[] {
  return [...new Set(list.map(sourceText))].map((text) => `- ${text}`);
}

function kubernetes(): string[] {
  const { minors, scheduled, oldestMinor } = VERSIONS.kubernetes;
  return [
    "| minor | released | end of life | kubeadm's pause | containerd's row (minimum per line) |",
    '| --- | --- | --- | --- | --- |',
    ...minors.map((m) => {
      const row = VERSIONS.containerd.kubernetesSupport.rows[String(m.minor)];
      const shown = row === undefined ? 'none yet: the last row applies' : row.map((v) => `${v}+`).join(', ');
      return `| 1.${m.minor} | ${m.released.value} | ${m.endOfLife.value} | ${m.pause.value} | ${shown} |`;
    }),
    ...scheduled.map((s) => `| 1.${s.minor} | scheduled for ${s.released.value} | | | not in the table: refused unless \`nodeInit.allowUntestedVersions\` |`),
    '',
    `1.${oldestMinor.value} is the oldest minor: ${oldestMinor.why ?? ''}. Sources:`,
    '',
    ...sourceList([
      oldestMinor.source,
      ...minors.flatMap((m) => [m.released.source, m.endOfLife.source, m.pause.source]),
      ...scheduled.map((s) => s.released.source),
      ...VERSIONS.containerd.kubernetesSupport.sources,
    ]),
  ];
}

function containerd(): string[] {
  return [
    "| line | end of life | config.toml version | Docker's containerd.io builds |",
    '| --- | --- | --- | --- |',
    ...CONTAINERD_LINES.map((l) => {
      const builds = l.dockerBuilds.value.length === 0 ? 'none' : buildRange(l.dockerBuilds.value);
      return `| ${l.line} | ${l.endOfLife.value} | ${l.configVersion.value} | ${builds} |`;
    }),
    '',
    'Sources:',
    '',
    ...sourceList(CONTAINERD_LINES.flatMap((l) => [l.endOfLife.source, l.configVersion.source, l.dockerBuilds.source])),
  ];
}

function distributions(): string[] {
  const { deb, rpm } = VERSIONS.distributions;
  return [
    '| `nodeInit.os` | accepted | refused, and why |',
    '| --- | --- | --- |',
    `| \`deb\` | ${deb.supported.map((s) => `${s.name} (\`${s.codename}\`)`).join(', ')} | ${deb.refused.map((s) => `${s.name}: ${s.why}`).join('; ')} |`,
    `| \`rpm\` | ${rpm.supported.map((s) => `${s.name} (Docker's \`/linux/rhel/${s.el}\`)`).join(', ')} | |`,
    '',
    `Docker builds deb packages for ${deb.dockerTargets.value.map((t) => `\`${t}\``).join(', ')}, and rpm packages for ${rpm.dockerTargets.value.map((t) => `\`${t}\``).join(', ')}. Sources:`,
    '',
    ...sourceList([...deb.dockerTargets.sources, ...rpm.dockerTargets.sources, ...deb.refused.map((s) => s.source)]),
  ];
}

function defaults(): string[] {
  const { kubernetesVersion, containerdVersion } = VERSIONS.defaults;
  return [
    `- Kubernetes \`${kubernetesVersion.value}\` (what \`init\` proposes): ${kubernetesVersion.why ?? ''} (${sourceText(kubernetesVersion.source)}).`,
    `- containerd \`${containerdVersion.value}\` (the schema's default): ${containerdVersion.why ?? ''} (${sourceText(containerdVersion.source)}).`,
    "- `nodeInit.containerd.pauseImage`: `registry.k8s.io/pause` at the tag kubeadm of `kubernetesVersion`'s minor expects (the table above).",
  ];
}

function keys(): string[] {
  const { kubernetes: k8s, dockerDeb, dockerRpm } = VERSIONS.keys;
  return [
    '| repository | fingerprint | source |',
    '| --- | --- | --- |',
    `| pkgs.k8s.io (and mirrors) | \`${k8s.value}\` | ${sourceText(k8s.source)} |`,
    `| Docker deb | \`${dockerDeb.value}\` | ${sourceText(dockerDeb.source)} |`,
    `| Docker rpm | \`${dockerRpm.value}\` | ${sourceText(dockerRpm.source)} |`,
  ];
}

const BLOCKS: Readonly<Record<string, () => string[]>> = { kubernetes, containerd, distributions, defaults, keys };

export const VERSION_BLOCK_NAMES = Object.keys(BLOCKS);

/** The markdown of one block, without its markers; the data's date first. */
export function versionBlock(name: string): string {
  const render = BLOCKS[name];
  if (render === undefined) throw new Error(`no versions block named ${name}: one of ${VERSION_BLOCK_NAMES.join(', ')}`);
  return [`_Generated from src/config/versions.data.json (checked ${VERSIONS.checked}); do not edit here._`, '', ...render()].join('\n');
}

/** A block: its opening marker, any lines without a marker (none in a page not rendered yet), its closing marker. */
const BLOCK = /<!-- versions:([a-z]+) -->\n(?:(?!<!-- \/?versions)[\s\S])*<!-- \/versions -->/g;

/** A page with each of its blocks rendered anew; unchanged when they are current. */
export function renderVersionBlocks(page: string): string {
  return page.replace(BLOCK, (_, name: string) => `<!-- versions:${name} -->\n${versionBlock(name)}\n<!-- /versions -->`);
}
