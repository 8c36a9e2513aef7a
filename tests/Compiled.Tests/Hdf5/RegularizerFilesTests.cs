using Compiled.Hdf5;
using Compiled.Tests.Models;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Regularizers and constraints travel in a file's <c>model_config</c> as Keras writes them: a file of a model with them
/// loads into that model, and the architecture check names a file whose regularizers or constraints differ.
/// </summary>
public class RegularizerFilesTests
{
    [Fact]
    public void A_file_with_regularizers_and_constraints_loads_into_the_model_that_has_them()
    {
        using var directory = new TempDirectory();
        string path = directory.File("regularized.h5");
        var saved = new RegularizedRecurrentNet(seed: 1);
        saved.Save(path);

        var loaded = Model.Load<RegularizedRecurrentNet>(path);
        Assert.Equal(saved.GetWeights().SelectMany(w => w.Values), loaded.GetWeights().SelectMany(w => w.Values));
        Assert.Equal(saved.RegularizationPenalty(), loaded.RegularizationPenalty());

        string constrained = directory.File("constrained.h5");
        new ConstrainedConvNet(seed: 1).Save(constrained);
        Assert.NotNull(Model.Load<ConstrainedConvNet>(constrained));
    }

    [Fact]
    public void A_file_whose_regularizers_differ_is_refused_naming_the_difference()
    {
        using var directory = new TempDirectory();
        string path = directory.File("regularized.h5");
        new RegularizedNet(seed: 1).Save(path);

        var plain = new UnregularizedNet(seed: 1);
        float[] before = plain.Parameters.ToArray();
        var error = Assert.Throws<ModelFileException>(() => plain.LoadWeights(path));
        Assert.Contains("layer 0 'dense': the file's Dense has kernel_regularizer l1_l2(l1=0.01, l2=0.02); UnregularizedNet expects None", error.Message);
        Assert.Equal(before, plain.Parameters.ToArray());

        string plainPath = directory.File("plain.h5");
        new UnregularizedNet(seed: 1).Save(plainPath);
        var missing = Assert.Throws<ModelFileException>(() => Model.Load<RegularizedNet>(plainPath));
        Assert.Contains("the file's Dense has kernel_regularizer None; RegularizedNet expects l1_l2(l1=0.01, l2=0.02)", missing.Message);
    }
}
