/**
 * Planted violations for {@link io.realtimekit.ArchitectureTest}: a miniature of the production
 * layout ({@code domain}, {@code application}, {@code transport}, {@code protocol}, {@code
 * infrastructure}) whose classes break each architecture rule once, to prove the rules can fail.
 * Never used by anything else.
 */
package io.realtimekit.archfixture;
