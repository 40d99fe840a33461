// Where the native artifacts built by `npm install` live, and the addon's typed surface.
import * as fs from 'fs';
import * as path from 'path';

/** The repository root, from dist/src/fred/checkpointer or src/fred/checkpointer. */
export const repoRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../..' : '../../..');
export const nativeDir = path.join(repoRoot, 'build', 'native', 'Release');
export const preloadLibrary = path.join(nativeDir, 'libfredckpt.so');
export const execHelper = path.join(nativeDir, 'fred-exec');
export const sessionHolder = path.join(nativeDir, 'fred-holder');
/** The directory of the Python module fredckpt (src/python/fredckpt.py), for PYTHONPATH. */
export const pythonModuleDir = path.join(repoRoot, 'src', 'python');

export interface ImageArea {
  start: string; end: string; permissions: string; kind: 'anonymous' | 'file' | 'heap' | 'stack';
  file: string; fileOffset: number; storedBytes: number; runs: number; codeFromFile: boolean; buildId: string;
}
export interface ImageFile { fd: number; kind: string; path: string; offset: number; flags: number }
export interface ImageInfo {
  formatVersion: number; program: string; commandLine: string; cwd: string; pid: number; uid: number; aslr: boolean;
  timeUnixMs: number; checkpointMs: number; imageBytes: number; storedBytes: number; mappedBytes: number; threads: number;
  areas: ImageArea[]; files: ImageFile[];
}
/** The addon (src/checkpointer-native/src/fred_addon.cc). */
export interface NativeAddon {
  imageInfo(file: string): ImageInfo;
  imageVerify(file: string): void;
  /** The machine's debug registers work (some virtual machines have none for guests). */
  hardwareBreakpointsWork(): boolean;
}

let addon: NativeAddon | undefined;

export function loadAddon(): NativeAddon {
  if (addon) return addon;
  const tried = [path.join(nativeDir, 'fred_native.node')];
  for (const candidate of tried) {
    if (fs.existsSync(candidate)) {
      addon = require(candidate) as NativeAddon;
      return addon;
    }
  }
  throw new Error(`fred's native addon is not built (looked in ${tried.join(', ')}); run npm install`);
}
