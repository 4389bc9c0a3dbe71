/**
 * The core Kubernetes API as typed cdk8s constructs (L1), for the API level cdk8s-plus-27 targets.
 * Imported from the file itself rather than the package root: the root also loads all of cdk8s-plus,
 * which this tool does not use and which costs start-up time on every synth.
 */
export * from 'cdk8s-plus-27/lib/imports/k8s';
