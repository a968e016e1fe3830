// The names, defaults and window arithmetic compiled into both the generator and the runtime (src/Shared).
global using GenNet.Shared;
