// Rendering compiled pages in miniprogram-simulate is slow on 2 cores; `testTimeout` in a project
// config is ignored when jest runs several projects, so it is set here.
jest.setTimeout(30_000);
