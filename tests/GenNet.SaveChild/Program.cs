// Saves InterruptedSaveModel(SEED) over PATH through the runtime's atomic writer (the one Model.Save(path) uses),
// pausing after PAUSE_BYTES of the temporary file: it prints "paused <bytes> <temporary file>" and waits to be killed.
// If PAUSE_BYTES is at least the file's length the save completes and it prints "saved".
// Usage: GenNet.SaveChild PATH SEED PAUSE_BYTES
using System.Globalization;
using GenNet.SaveChild;
using GenNet.Serialization;

if (args.Length != 3 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out int seed) ||
    !long.TryParse(args[2], CultureInfo.InvariantCulture, out long pauseAfter) || pauseAfter < 0)
{
    Console.Error.WriteLine("Usage: GenNet.SaveChild PATH SEED PAUSE_BYTES");
    return 2;
}

var model = new InterruptedSaveModel(seed);
AtomicFile.Write(args[0], file => model.Save(new PausingStream((FileStream)file, pauseAfter, TimeSpan.FromSeconds(60))));
Console.WriteLine("saved");
return 0;
