namespace GuidanceBot.Data.Backups;

/// <summary>The data folder is busy: a host runs on it (for a restore), or a restore is under way (for a host).</summary>
public sealed class DataFolderBusyException(string message, Exception inner) : IOException(message, inner);

/// <summary>
/// <c>{DataFolder}/guidancebot.lock</c>, held open for as long as a host runs on the folder. Hosts share it (several
/// instances may run on one folder); a restore takes it alone, so it refuses while any host runs and no host starts
/// while it replaces the files. .NET maps <see cref="FileShare"/> to an advisory <c>flock</c> on Linux, which the
/// kernel drops when the process dies: a crashed host leaves no stale lock.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "guidancebot.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>A host's hold on the folder; other hosts may hold it too.</summary>
    public static DataFolderLock ForHost(string dataFolder) =>
        Take(dataFolder, FileShare.ReadWrite, "a restore is replacing the data in {0}; start the host when it has finished");

    /// <summary>A restore's hold on the folder: only while no host runs on it.</summary>
    public static DataFolderLock ForRestore(string dataFolder) =>
        Take(dataFolder, FileShare.None, "a host is running on {0} (it holds " + FileName + "); stop it first (systemctl stop guidancebot)");

    private static DataFolderLock Take(string dataFolder, FileShare share, string busy)
    {
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, FileName);
        try
        {
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, share));
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataFolderBusyException(string.Format(System.Globalization.CultureInfo.InvariantCulture, busy, dataFolder), e);
        }
    }

    public void Dispose() => _file.Dispose();
}
