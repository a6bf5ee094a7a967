// Moved to functions/src/local/stand-ins/ so `npm start` can run it as the demo's stand-in (never in production).
export * from '../../functions/src/local/stand-ins/http-fake.js';
