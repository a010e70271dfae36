// The first screen's English (see first-screen.ts; vite.config.ts makes the module).
declare module '*.json?first-screen' {
  const strings: Record<string, unknown>;
  export default strings;
}
