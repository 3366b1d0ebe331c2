/**
 * What the build generates from the programs' own command-line models, so that it cannot drift
 * from {@code --help}: the man pages of the picocli programs (as AsciiDoc, turned into troff by
 * the build) and the bash and zsh completion scripts. Run at build time only
 * ({@link io.dmon.deploy.docs.GeneratedDocs}); picocli-codegen is not part of the distribution.
 */
package io.dmon.deploy.docs;
