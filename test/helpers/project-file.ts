/** Shared by every test that needs a project file (examples/, fixtures/) under tsx or from dist/. */
export { projectFile } from '../report/project-file.js';
