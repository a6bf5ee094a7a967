import path from 'node:path';

/** The Java the official emulators run on: JAVA, else JAVA_HOME's, else `java` on PATH (11 or newer; 17 works). */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA || (env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin/java') : 'java');
}
