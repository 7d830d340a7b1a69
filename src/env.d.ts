/// <reference types="astro/client" />
declare namespace App {
  interface Locals {
    /** The chapter being rendered (its id); set by src/pages/[chapter].astro for the components. */
    chapter?: string;
    /** How many ids each prefix has handed out on this page (src/components/ids.ts). */
    ids?: Record<string, number>;
  }
}
