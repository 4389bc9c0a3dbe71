/**
 * The types of `yaml/util`, a subpath the package's exports map declares (yaml 2.9 package.json) but that
 * TypeScript's `node` module resolution (tsconfig.json) does not follow: the same declarations, by path.
 */
declare module 'yaml/util' {
  export { stringifyString } from 'yaml/dist/stringify/stringifyString';
  export type { StringifyContext } from 'yaml/dist/stringify/stringify';
}
