/// <reference types="astro/client" />
declare namespace App {
  interface Locals {
    /** The chapter being rendered (its id); set by src/pages/[chapter].astro for the components. */
    chapter?: string;
  }
}
