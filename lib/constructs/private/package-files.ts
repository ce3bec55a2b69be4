// This library's own files, found from its location (one lookup for the whole package: lib/files/package-root.ts).
export { packageRoot, packageVersion } from '../../files/package-root';
