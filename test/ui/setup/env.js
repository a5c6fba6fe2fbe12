// Runs before any module is loaded: the code under test branches on the platform like the H5 build.
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
