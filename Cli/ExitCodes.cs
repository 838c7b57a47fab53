namespace SegGen.Cli;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int InternalError = 2;
}
