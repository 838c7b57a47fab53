using System;

namespace SegGen.Cli;

/// <summary>A problem with what the user gave (file, name, option), reported as one line and exit code 1.</summary>
internal sealed class UserError(string message) : Exception(message);
