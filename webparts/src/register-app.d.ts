/**
 * Types of the register app bundle (webparts/app/register-app.tsx, built by esbuild into
 * build/webpart-app/register-app.js and aliased as 'register-app' in gulpfile.js). The bundle carries its own
 * React 18 and Fluent UI v9, so the web part does not use the React 17 that SharePoint provides.
 * Keep in step with webparts/app/register-app.tsx (tests/package checks the names match).
 */
declare module 'register-app' {
  export type RegisterViewName = 'register' | 'heatmap' | 'summary' | 'reviews';

  /** The review service's write API and the Application ID URI SPFx gets a token for. */
  export type WebPartApi = { url: string; resource: string };

  export type WebPartMountOptions = {
    /** The web part's `this.context` (page context, form digest, Teams SDK when hosted in Teams). */
    spfxContext: unknown;
    /** Register to open (empty = all registers on the site). */
    register: string;
    /** View to open when the page URL names none. */
    defaultView: RegisterViewName;
    /** Absent or incomplete: the register is shown and every change is refused, saying why. */
    api?: WebPartApi;
  };

  export type MountedRegister = {
    /** Re-renders with new property values (property pane edits). */
    update(options: WebPartMountOptions): void;
    unmount(): void;
  };

  export function mountRegisterWebPart(element: HTMLElement, options: WebPartMountOptions): MountedRegister;
}
