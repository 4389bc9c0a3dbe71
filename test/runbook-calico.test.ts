/**
 * The RUNBOOK's Calico checks in both CRD modes (Calico 3.32: `crd.projectcalico.org/v1`, or native
 * `projectcalico.org/v3` CRDs): the `calico_mode` function it prints is run by bash against a stub kubectl
 * answering as each kind of cluster would, and the steps that depend on the mode say what to do in each.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { renderRunbook } from '../src/artifacts/runbook';
import { parseClusterFile } from '../src/config/load';
import { editedExample } from './support/clusters';
import { cleanTempDirs, tempDir } from './support/tree';

afterAll(cleanTempDirs);

function runbook(install: 'manifest' | 'operator'): string {
  // By hand (no cloud code): the add-on is installed in its own step, between the two calico_mode checks.
  const { spec } = parseClusterFile(
    'c.yaml',
    editedExample([
      [['onPrem', 'calico', 'install'], install],
      [['terraform'], undefined],
    ]),
  );
  return renderRunbook(spec!, 'c.yaml');
}

/** The `calico_mode` function as the RUNBOOK prints it. */
function calicoModeFunction(text: string): string {
  const m = /```sh\n(calico_mode\(\) \{\n[\s\S]*?\n\})\ncalico_mode\n```/.exec(text);
  expect(m).not.toBeNull();
  return m![1];
}

/**
 * A kubectl that knows `crds` (names of CustomResourceDefinitions that exist) and, for calico-node pods, the
 * CALICO_API_GROUP value `pinned`. It answers the two calls of calico_mode as kubectl does: `get crd A B
 * --ignore-not-found -o name` prints the ones that exist; the jsonpath prints the value or nothing.
 */
function stubKubectl(dir: string): void {
  const script = `#!/usr/bin/env bash
if [[ $1 == get && $2 == crd ]]; then
  shift 2
  for name in "$@"; do
    [[ $name == -* ]] && continue
    if [[ " \${STUB_CRDS} " == *" \${name} "* ]]; then echo "customresourcedefinition.apiextensions.k8s.io/\${name}"; fi
  done
  exit 0
fi
if [[ $1 == get && $2 == pods ]]; then printf '%s' "\${STUB_PIN:-}"; exit 0; fi
echo "unexpected kubectl call: $*" >&2
exit 1
`;
  fs.writeFileSync(path.join(dir, 'kubectl'), script, { mode: 0o755 });
}

function mode(crds: string, pinned = ''): string {
  const dir = tempDir('calico-mode');
  stubKubectl(dir);
  const body = `${calicoModeFunction(runbook('manifest'))}\ncalico_mode`;
  return execFileSync('bash', ['-c', body], {
    encoding: 'utf8',
    env: { PATH: `${dir}:${process.env.PATH}`, STUB_CRDS: crds, STUB_PIN: pinned },
  }).trim();
}

describe("the RUNBOOK's calico_mode", () => {
  test.each([
    ['ippools.crd.projectcalico.org', '', 'calico mode: crd.projectcalico.org/v1'],
    // Both groups (Calico's API server, or a migration in progress): Calico's discovery picks v1.
    ['ippools.crd.projectcalico.org ippools.projectcalico.org', '', 'calico mode: crd.projectcalico.org/v1'],
    ['ippools.projectcalico.org', '', 'calico mode: projectcalico.org/v3 (native CRDs, not pinned)'],
    // Native v3 after Terway's chart added its v1 CRDs, with the group pinned: still v3.
    ['ippools.crd.projectcalico.org ippools.projectcalico.org', 'projectcalico.org/v3', 'calico mode: projectcalico.org/v3 (pinned)'],
    ['', '', 'calico mode: unknown (no IPPool CRD: is Calico installed, with the Kubernetes datastore?)'],
  ])('GIVEN the CRDs "%s" and CALICO_API_GROUP "%s" WHEN run THEN it prints %s', (crds, pinned, expected) => {
    expect(mode(crds, pinned)).toBe(expected);
  });
});

describe('the steps that depend on the mode', () => {
  test('GIVEN native v3 CRDs WHEN the add-on step is read THEN it stops before the install and pins the group, by manifest or by operator', () => {
    const manifest = runbook('manifest');
    const addon = manifest.slice(manifest.indexOf('calico_mode() {'), manifest.indexOf('onectl addon install terway-eniip'));
    expect(addon).toContain('**do not install the add-on yet.**');
    expect(addon).toContain('kubectl -n kube-system set env daemonset/calico-node deployment/calico-kube-controllers CALICO_API_GROUP=projectcalico.org/v3');
    expect(addon).toContain('"calico_api_group": "projectcalico.org/v3"');
    const operator = runbook('operator');
    expect(operator).toContain('kubectl -n tigera-operator set env deployment/tigera-operator CALICO_API_GROUP=projectcalico.org/v3');
    expect(operator).not.toContain('deployment/calico-kube-controllers CALICO_API_GROUP');
  });

  test('GIVEN either mode WHEN the CRD schema check and the IP pools are read THEN each says what to do in that mode', () => {
    const text = runbook('manifest');
    const afterInstall = text.slice(text.indexOf('onectl addon install terway-eniip'));
    expect(afterInstall).toContain('Run `calico_mode` again');
    expect(afterInstall).toContain("In native v3 mode these CRDs are Terway's alone");
    const pools = text.slice(text.indexOf('Keep Calico from masquerading'));
    expect(pools).toContain('- `crd.projectcalico.org/v1`: `calicoctl apply -f ack-hybrid-cloud-pools.yaml`');
    expect(pools).toContain('- `projectcalico.org/v3`: `kubectl apply -f ack-hybrid-cloud-pools.yaml`');
    expect(pools).toContain('kubectl get ippools.projectcalico.org');
    expect(pools).toContain('CALICO_API_GROUP=projectcalico.org/v3');
  });

  test.each([
    // The example applies through tofu-controller (gitops and terraform), or by hand with runner none.
    ['tofu-controller', editedExample([]), 'kubectl apply -k dist/gitops/idc-hangzhou/tofu'],
    ['by hand', editedExample([]).replace(/^terraform:\n/m, 'terraform:\n  runner: { mode: none }\n'), 'tofu apply cloud.plan'],
  ])(
    'GIVEN the cloud code applied %s, which installs the add-on WHEN the runbook is read THEN calico_mode comes before the apply and again after it',
    (_how, file, command) => {
      const { spec } = parseClusterFile('c.yaml', file);
      const text = renderRunbook(spec!, 'c.yaml');
      const cloudStep = text.slice(text.indexOf('Plan and apply the cloud code\n'));
      const before = cloudStep.indexOf('calico_mode() {');
      const apply = cloudStep.indexOf(command);
      expect(before).toBeGreaterThan(0);
      expect(apply).toBeGreaterThan(before);
      expect(cloudStep.slice(apply)).toContain('Run `calico_mode` again');
    },
  );
});
