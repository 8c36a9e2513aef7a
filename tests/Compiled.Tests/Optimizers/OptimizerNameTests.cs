namespace Compiled.Tests.Optimizers;

/// <summary><c>compile(optimizer='adam')</c>: every Keras string name, in any case as Keras's <c>optimizers.get</c> takes it, makes the optimizer with Keras's defaults.</summary>
public class OptimizerNameTests
{
    [Theory]
    [InlineData("sgd", typeof(SGD))]
    [InlineData("rmsprop", typeof(RMSprop))]
    [InlineData("adam", typeof(Adam))]
    [InlineData("adadelta", typeof(Adadelta))]
    [InlineData("adagrad", typeof(Adagrad))]
    [InlineData("adamax", typeof(Adamax))]
    [InlineData("nadam", typeof(Nadam))]
    [InlineData("Adam", typeof(Adam))]
    [InlineData("RMSprop", typeof(RMSprop))]
    [InlineData("NADAM", typeof(Nadam))]
    public void A_keras_string_name_makes_the_optimizer_with_its_defaults(string name, Type expected)
    {
        Optimizer optimizer = Optimizer.FromName(name);
        Assert.IsType(expected, optimizer);
        Assert.Equal(name.ToLowerInvariant(), optimizer.Name.ToLowerInvariant());
        Assert.Equal(0, optimizer.Iterations);
    }

    [Fact]
    public void String_names_make_fresh_optimizers_each_time()
        => Assert.NotSame(Optimizer.FromName("adam"), Optimizer.FromName("adam"));

    [Fact]
    public void An_unknown_name_lists_the_names_known()
    {
        var error = Assert.Throws<ArgumentException>(() => Optimizer.FromName("ftrl"));
        Assert.Equal("name", error.ParamName);
        Assert.Contains("Unknown optimizer 'ftrl'; expected one of 'sgd', 'rmsprop', 'adam', 'adadelta', 'adagrad', 'adamax', 'nadam'", error.Message);
    }

    [Fact]
    public void Compile_takes_a_string_name()
    {
        var model = new Samples.Iris.IrisNet(seed: 1);
        model.Compile("categorical_crossentropy", "rmsprop", "categorical_accuracy");
        Assert.IsType<RMSprop>(model.Optimizer);
    }
}
