using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.Sandbox.Data;

/// <summary>
/// Demo data for the <see cref="SandboxDirectory"/> projects: 43 images from the three producers and shares to the
/// four consumers in every member status, so each persona's inbox has pending, accepted and rejected items.
/// Everything is deterministic: the same IDs, checksums and dates on every fresh seed.
/// </summary>
internal static class SandboxSeeder
{
    /// <summary>Seed dates count back from here, so a fresh seed is identical whenever it runs.</summary>
    internal static readonly DateTime Epoch = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private const long GiB = 1024L * 1024 * 1024;

    private static readonly string[] ProducerIds = [.. SandboxDirectory.Projects.Where(p => p.IsProducer).Select(p => p.Id)];
    private static readonly string[] ConsumerIds = [.. SandboxDirectory.Projects.Where(p => !p.IsProducer).Select(p => p.Id)];

    // Share targets: consumers by index, producers that also receive shares by letter.
    private const int Atlas = 0, Borealis = 1, Cirrus = 2, Delta = 3, Orbital = 10, Northwind = 11, Aurora = 12;

    private const string P = "pending", A = "accepted", R = "rejected";

    private static readonly SeedImage[] Catalogue =
    [
        // orbital-images: curated Linux (and Windows) base images.
        new(0, "ubuntu-24.04", "Ubuntu 24.04 LTS (Noble Numbat)", "shared", "ubuntu", "24.04", "linux", "ubuntu", 2.4, 10, 1024, 12, ["lts", "cloud-init"], [(Atlas, A), (Borealis, A), (Cirrus, P), (Delta, R)]),
        new(0, "ubuntu-22.04", "Ubuntu 22.04 LTS (Jammy Jellyfish)", "shared", "ubuntu", "22.04", "linux", "ubuntu", 2.1, 10, 1024, 95, ["lts", "cloud-init"], [(Atlas, A), (Borealis, R), (Delta, A)]),
        new(0, "ubuntu-24.04-minimal", "Ubuntu 24.04 LTS Minimal", "shared", "ubuntu", "24.04", "linux", "ubuntu", 0.35, 5, 512, 30, ["lts", "minimal"], [(Cirrus, A), (Delta, P)]),
        new(0, "debian-12", "Debian 12 (bookworm)", "shared", "debian", "12", "linux", "debian", 0.45, 4, 512, 20, ["cloud-init"], [(Atlas, P), (Borealis, A), (Cirrus, A)]),
        new(0, "debian-11", "Debian 11 (bullseye)", "shared", "debian", "11", "linux", "debian", 0.42, 4, 512, 180, ["cloud-init", "eol-2026"], [(Atlas, R), (Delta, A)]),
        new(0, "rocky-9", "Rocky Linux 9.4", "shared", "rocky", "9.4", "linux", "rocky", 1.1, 10, 1024, 60, ["el9"], [(Atlas, A), (Cirrus, R), (Delta, P)]),
        new(0, "almalinux-9", "AlmaLinux 9.4", "shared", "almalinux", "9.4", "linux", "almalinux", 1.0, 10, 1024, 55, ["el9"], [(Borealis, P), (Delta, A)]),
        new(0, "fedora-41", "Fedora Cloud 41", "shared", "fedora", "41", "linux", "fedora", 0.55, 5, 1024, 8, ["cloud-init"], [(Atlas, P), (Borealis, P), (Cirrus, P)]),
        new(0, "fedora-40", "Fedora Cloud 40", "shared", "fedora", "40", "linux", "fedora", 0.52, 5, 1024, 150, ["cloud-init"], [(Cirrus, R)]),
        new(0, "centos-stream-9", "CentOS Stream 9", "private", "centos", "9", "linux", "cloud-user", 1.2, 10, 1024, 75, ["el9"], []),
        new(0, "opensuse-leap-15.6", "openSUSE Leap 15.6", "shared", "opensuse", "15.6", "linux", "opensuse", 0.7, 10, 1024, 110, [], [(Borealis, A), (Atlas, P)]),
        new(0, "alpine-3.20", "Alpine Linux 3.20", "public", "alpine", "3.20", "linux", "alpine", 0.31, 1, 256, 40, ["minimal"], []),
        new(0, "windows-server-2022", "Windows Server 2022 Datacenter Eval", "shared", "windows", "2022", "windows", "Administrator", 11.8, 40, 4096, 25, ["windows", "evaluation"], [(Atlas, P), (Borealis, A), (Delta, R)]),
        new(0, "windows-server-2019", "Windows Server 2019 Datacenter Eval", "private", "windows", "2019", "windows", "Administrator", 10.4, 40, 4096, 200, ["windows", "evaluation"], []),
        new(0, "freebsd-14.1", "FreeBSD 14.1", "community", "freebsd", "14.1", "bsd", "freebsd", 0.65, 5, 512, 70, [], [], DiskFormat: "raw"),
        new(0, "ubuntu-25.04-daily", "Ubuntu 25.04 daily build", "shared", "ubuntu", "25.04", "linux", "ubuntu", 0, 10, 1024, 2, ["daily"], [], Status: "queued"),

        // northwind-labs: GPU, data-science and Kubernetes images.
        new(1, "cuda-12.4-ubuntu-22.04", "Ubuntu 22.04 + CUDA 12.4 (NVIDIA 550)", "shared", "ubuntu", "22.04", "linux", "ubuntu", 6.8, 40, 8192, 35, ["gpu", "cuda"], [(Atlas, A), (Cirrus, A), (Delta, P), (Orbital, P)]),
        new(1, "pytorch-2.4-gpu", "PyTorch 2.4 GPU (CUDA 12.4, Python 3.11)", "shared", "ubuntu", "22.04", "linux", "ubuntu", 9.6, 60, 16384, 28, ["gpu", "cuda", "pytorch"], [(Atlas, P), (Borealis, R), (Delta, A)]),
        new(1, "tensorflow-2.17-gpu", "TensorFlow 2.17 GPU", "shared", "ubuntu", "22.04", "linux", "ubuntu", 8.9, 60, 16384, 50, ["gpu", "cuda", "tensorflow"], [(Atlas, R), (Cirrus, P)]),
        new(1, "jupyterhub-5", "JupyterHub 5 data-science workstation", "shared", "ubuntu", "24.04", "linux", "ubuntu", 4.2, 30, 8192, 15, ["jupyter"], [(Borealis, P), (Cirrus, A), (Delta, A), (Aurora, A)]),
        new(1, "rapids-24.08", "RAPIDS 24.08 (cuDF, cuML)", "shared", "ubuntu", "22.04", "linux", "ubuntu", 7.5, 50, 16384, 42, ["gpu", "cuda"], [(Delta, P), (Atlas, A)]),
        new(1, "vllm-0.6", "vLLM 0.6 inference server (CUDA 12.4)", "shared", "ubuntu", "22.04", "linux", "ubuntu", 11.2, 80, 32768, 5, ["gpu", "cuda", "llm"], [(Atlas, P), (Borealis, P), (Delta, P)]),
        new(1, "triton-24.09", "NVIDIA Triton Inference Server 24.09", "shared", "ubuntu", "22.04", "linux", "ubuntu", 10.1, 80, 16384, 65, ["gpu", "cuda", "inference"], [(Cirrus, R), (Delta, A)]),
        new(1, "k8s-node-1.31", "Kubernetes 1.31 worker node (Ubuntu 24.04, containerd)", "shared", "ubuntu", "24.04", "linux", "ubuntu", 1.9, 20, 4096, 18, ["kubernetes"], [(Borealis, A), (Cirrus, A), (Atlas, P)]),
        new(1, "k8s-node-1.30", "Kubernetes 1.30 worker node (Ubuntu 22.04, containerd)", "shared", "ubuntu", "22.04", "linux", "ubuntu", 1.8, 20, 4096, 120, ["kubernetes"], [(Borealis, R), (Cirrus, A)]),
        new(1, "k8s-gpu-node-1.31", "Kubernetes 1.31 GPU worker node (CUDA 12.4)", "shared", "ubuntu", "24.04", "linux", "ubuntu", 7.1, 50, 16384, 10, ["kubernetes", "gpu", "cuda"], [(Cirrus, P), (Delta, P), (Aurora, P)]),
        new(1, "spark-3.5", "Apache Spark 3.5 cluster node", "shared", "debian", "12", "linux", "debian", 2.6, 20, 8192, 85, ["spark"], [(Atlas, A), (Borealis, P)]),
        new(1, "pytorch-2.3-gpu", "PyTorch 2.3 GPU (deprecated)", "shared", "ubuntu", "22.04", "linux", "ubuntu", 9.1, 60, 16384, 160, ["gpu", "cuda", "pytorch", "deprecated"], [(Atlas, A)], Status: "deactivated"),
        new(1, "mlflow-2.16", "MLflow 2.16 tracking server", "private", "ubuntu", "24.04", "linux", "ubuntu", 1.4, 10, 2048, 22, [], []),
        new(1, "cuda-12.6-base", "CUDA 12.6 base (testing)", "shared", "ubuntu", "24.04", "linux", "ubuntu", 0, 40, 8192, 1, ["gpu", "cuda", "testing"], [], Status: "queued"),

        // aurora-research: HPC and appliance images.
        new(2, "slurm-compute-rocky9", "Slurm 24.05 compute node (Rocky Linux 9)", "shared", "rocky", "9.4", "linux", "rocky", 3.2, 20, 4096, 33, ["hpc", "slurm"], [(Delta, A), (Atlas, P), (Northwind, P)]),
        new(2, "slurm-login-rocky9", "Slurm 24.05 login node (Rocky Linux 9)", "shared", "rocky", "9.4", "linux", "rocky", 3.4, 20, 4096, 33, ["hpc", "slurm"], [(Delta, A), (Cirrus, R)]),
        new(2, "openhpc-3.1", "OpenHPC 3.1 head node (Rocky Linux 9)", "shared", "rocky", "9.4", "linux", "rocky", 4.8, 30, 8192, 90, ["hpc"], [(Delta, P), (Borealis, P)]),
        new(2, "lustre-client-2.15", "Lustre 2.15 client (AlmaLinux 9)", "shared", "almalinux", "9.4", "linux", "almalinux", 1.6, 10, 2048, 48, ["hpc", "storage"], [(Delta, A), (Atlas, R)]),
        new(2, "beegfs-7.4", "BeeGFS 7.4 storage appliance", "shared", "rocky", "9.4", "linux", "rocky", 2.9, 20, 4096, 130, ["hpc", "storage", "appliance"], [(Delta, R), (Cirrus, P)], DiskFormat: "raw"),
        new(2, "spack-0.22", "Spack 0.22 build environment (GCC 13, OpenMPI 5)", "shared", "rocky", "9.4", "linux", "rocky", 5.5, 40, 8192, 14, ["hpc", "spack"], [(Atlas, A), (Delta, P), (Cirrus, A)]),
        new(2, "gromacs-2024.3", "GROMACS 2024.3 (CUDA, MPI)", "shared", "rocky", "9.4", "linux", "rocky", 6.2, 40, 16384, 26, ["hpc", "gpu", "chemistry"], [(Delta, P), (Northwind, A)]),
        new(2, "openfoam-12", "OpenFOAM 12 CFD workstation", "shared", "ubuntu", "24.04", "linux", "ubuntu", 3.9, 30, 8192, 70, ["hpc", "cfd"], [(Borealis, A), (Atlas, P)]),
        new(2, "open-ondemand-3.1", "Open OnDemand 3.1 portal appliance", "shared", "rocky", "9.4", "linux", "rocky", 2.2, 20, 4096, 58, ["hpc", "appliance"], [(Borealis, R), (Delta, A)], DiskFormat: "vmdk", ContainerFormat: "ova"),
        new(2, "matlab-runtime-r2024b", "MATLAB Runtime R2024b", "community", "ubuntu", "22.04", "linux", "ubuntu", 4.4, 30, 8192, 100, ["hpc"], []),
        new(2, "apptainer-1.3", "Apptainer 1.3 container host (Rocky Linux 9)", "public", "rocky", "9.4", "linux", "rocky", 1.3, 10, 2048, 45, ["hpc", "containers"], []),
        new(2, "rocky9-hpc-staging", "Rocky Linux 9 HPC base (staging)", "private", "rocky", "9.4", "linux", "rocky", 2.0, 20, 4096, 6, ["hpc", "staging"], []),
        new(2, "k8s-control-plane-1.31", "Kubernetes 1.31 control-plane appliance", "shared", "ubuntu", "24.04", "linux", "ubuntu", 2.3, 20, 4096, 20, ["kubernetes", "appliance"], [(Cirrus, P), (Borealis, A), (Atlas, A)]),
    ];

    /// <summary>Seeds when the database holds no image yet; returns how many images were added.</summary>
    public static async Task<int> SeedIfEmptyAsync(SandboxDbContext db, CancellationToken ct)
    {
        if (await db.Images.AnyAsync(ct))
        {
            return 0;
        }

        db.Images.AddRange(BuildImages());
        await db.SaveChangesAsync(ct);
        return Catalogue.Length;
    }

    internal static IEnumerable<ImageEntity> BuildImages()
    {
        foreach (var (seed, index) in Catalogue.Select((s, i) => (s, i)))
        {
            var id = DeterministicId(seed.Slug);
            // Minutes keep images of the same day apart, so the default created_at order is stable and readable.
            var created = Epoch.AddDays(-seed.DaysAgo).AddMinutes(-17 * index);
            var active = seed.Status != "queued";
            var size = active ? (long)(seed.SizeGb * GiB) : (long?)null;
            var image = new ImageEntity
            {
                Id = id,
                Name = seed.Name,
                Owner = ProducerIds[seed.Producer],
                Visibility = seed.Visibility,
                Status = seed.Status,
                Size = size,
                VirtualSize = !active ? null : seed.DiskFormat == "raw" ? size : seed.MinDisk * GiB,
                DiskFormat = seed.DiskFormat,
                ContainerFormat = seed.ContainerFormat,
                MinDisk = seed.MinDisk,
                MinRam = seed.MinRam,
                Checksum = active ? Hex(SHA256.HashData(Encoding.UTF8.GetBytes("md5:" + seed.Slug)))[..32] : null,
                OsHashAlgo = active ? "sha512" : null,
                OsHashValue = active ? Hex(SHA512.HashData(Encoding.UTF8.GetBytes(seed.Slug))) : null,
                CreatedAt = created,
                UpdatedAt = active ? created.AddHours(1) : created,
            };

            image.Tags.AddRange(seed.Tags.Select((t, i) => new ImageTagEntity { ImageId = id, Value = t, Position = i }));
            image.Properties.AddRange(
            [
                new ImagePropertyEntity { ImageId = id, Name = "os_distro", Value = seed.Distro },
                new ImagePropertyEntity { ImageId = id, Name = "os_version", Value = seed.Version },
                new ImagePropertyEntity { ImageId = id, Name = "os_type", Value = seed.OsType },
                new ImagePropertyEntity { ImageId = id, Name = "os_admin_user", Value = seed.AdminUser },
                new ImagePropertyEntity { ImageId = id, Name = "architecture", Value = "x86_64" },
            ]);

            foreach (var (target, status) in seed.Shares.Select((s, i) => (s, i)).Select(x => (x.s.Target, x.s.Status)))
            {
                var offset = image.Members.Count;
                var shared = created.AddDays(1 + offset).AddHours(offset);
                image.Members.Add(new MemberEntity
                {
                    ImageId = id,
                    MemberId = ProjectOf(target),
                    Status = status,
                    CreatedAt = Min(shared, Epoch),
                    UpdatedAt = Min(status == P ? shared : shared.AddDays(1 + offset), Epoch),
                });
            }

            yield return image;
        }
    }

    /// <summary>A stable UUID per slug (SHA-256 based, RFC 9562 version 8), so demo links survive a re-seed.</summary>
    internal static string DeterministicId(string slug)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("isp-sandbox-image:" + slug)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }

    private static string ProjectOf(int target) => target switch
    {
        Orbital or Northwind or Aurora => ProducerIds[target - Orbital],
        _ => ConsumerIds[target],
    };

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private sealed record SeedImage(
        int Producer,
        string Slug,
        string Name,
        string Visibility,
        string Distro,
        string Version,
        string OsType,
        string AdminUser,
        double SizeGb,
        int MinDisk,
        int MinRam,
        int DaysAgo,
        string[] Tags,
        (int Target, string Status)[] Shares,
        string Status = "active",
        string DiskFormat = "qcow2",
        string ContainerFormat = "bare");

    internal static int Count => Catalogue.Length;

    internal static string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Catalogue.Length} images, {Catalogue.Sum(c => c.Shares.Length)} shares");
}
