using System;
using System.Collections.Generic;
using System.Linq;
using SegGen.Contracts;
using SegGen.Inference;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Inference;

/// <summary>Inference around a model: padding to its contract, sliding windows, scale and flip averaging, Monte Carlo dropout.</summary>
[Collection(GlobalRandomCollection.Name)]
public class SegmenterTests
{
    private static readonly InputContract AnySize = new("image", "[N, 3, H, W]", new DimContract("H", 1, [1]), new DimContract("W", 1, [1]));

    /// <summary>H and W multiples of 8 (three 2× poolings).</summary>
    private static readonly InputContract MultiplesOf8 = new("image", "[N, 3, H, W]", Multiples("H", 8), Multiples("W", 8));

    private static DimContract Multiples(string symbol, int of) => new(symbol, of, [of, .. Enumerable.Repeat(-1L, of - 1)]);

    private static Tensor Image(long height, long width)
    {
        manual_seed(3);
        return rand(1, 3, height, width);
    }

    /// <summary>Only 1×1 convolutions: every output pixel sees only its own input pixel, so tiles cannot change it.</summary>
    private static nn.Module<Tensor, Tensor> PointwiseModel()
    {
        manual_seed(7);
        var model = nn.Sequential(nn.Conv2d(3, 6, 1), nn.BatchNorm2d(6), nn.ReLU(), nn.Conv2d(6, 4, 1));
        model.eval();
        return model;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TiledInferenceEqualsWholeImageInferenceWhenEachPixelSeesOnlyItself(bool probabilities)
    {
        using var scope = NewDisposeScope();
        var model = PointwiseModel();
        var segmenter = new Segmenter(model, model.forward, AnySize);
        var image = Image(37, 53);
        var whole = segmenter.Predict(image, new InferenceOptions { AverageProbabilities = probabilities });
        // 16-pixel tiles overlapping by 5: windows at 0, 11, 21 (flush with the edge) rows; overlaps of two and three tiles.
        var tiled = segmenter.Predict(image, new InferenceOptions { AverageProbabilities = probabilities, Tiles = new Tiling(16, 16, 5) });

        TensorAssert.Close(whole, tiled, atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void TilesDifferFromTheWholeImageWhereTheyCutTheReceptiveField()
    {
        // The check above is not vacuous: a 3×3 convolution sees zero padding at every tile's border.
        using var scope = NewDisposeScope();
        var (_, segmenter) = ConvolutionSegmenter();
        var image = Image(37, 53);
        var difference = (segmenter.Predict(image, InferenceOptions.Default) - segmenter.Predict(image, new InferenceOptions { Tiles = new Tiling(16, 16, 5) })).abs().max().item<float>();

        Assert.True(difference > 1e-3, $"largest difference {difference}");
    }

    [Theory]
    [InlineData(29, 43)]
    [InlineData(1, 1)]
    [InlineData(8, 17)]
    public void PaddingToTheContractGivesScoresOfTheInputsOwnSize(long height, long width)
    {
        using var scope = NewDisposeScope();
        var (model, seen) = StrictModel();
        var segmenter = new Segmenter(model, model.forward, MultiplesOf8);
        var image = Image(height, width);

        var scores = segmenter.Predict(image, new InferenceOptions { PadValue = 0.25 });

        Assert.Equal([1, 4, height, width], scores.shape);
        var padded = seen.Single();
        Assert.Equal([1, 3, RoundUp(height), RoundUp(width)], padded.shape);
        // The image sits top-left; the rest is the pad value; the scores are the padded run's, cropped.
        var expected = full([1, 3, RoundUp(height), RoundUp(width)], 0.25);
        expected.narrow(2, 0, height).narrow(3, 0, width).copy_(image);
        TensorAssert.Equal(expected, padded);
        TensorAssert.Equal(model.forward(padded).narrow(2, 0, height).narrow(3, 0, width), scores);
    }

    [Fact]
    public void AnAcceptedSizeRunsUnpadded()
    {
        using var scope = NewDisposeScope();
        var (model, seen) = StrictModel();
        var segmenter = new Segmenter(model, model.forward, MultiplesOf8);
        var image = Image(16, 24);

        var scores = segmenter.Predict(image, InferenceOptions.Default);

        TensorAssert.Equal(image, seen.Single());
        TensorAssert.Equal(model.forward(image), scores);
    }

    [Fact]
    public void ATileTheContractRejectsIsAnErrorNamingTheNextAcceptedTile()
    {
        using var scope = NewDisposeScope();
        var (model, _) = StrictModel();
        var segmenter = new Segmenter(model, model.forward, MultiplesOf8);

        var error = Assert.Throws<ArgumentException>(() => segmenter.Predict(Image(40, 40), new InferenceOptions { Tiles = new Tiling(20, 30, 4) }));
        Assert.Contains("tile 20×30 is not accepted", error.Message);
        Assert.Contains("24×32", error.Message);
    }

    [Fact]
    public void FlipAveragingIsTheMeanOfTheImageAndItsMirroredScoresMirroredBack()
    {
        using var scope = NewDisposeScope();
        var (model, segmenter) = ConvolutionSegmenter();
        var image = Image(12, 15);

        var averaged = segmenter.Predict(image, new InferenceOptions { Flip = true });

        var expected = (model.forward(image) + model.forward(image.flip(3)).flip(3)) / 2;
        TensorAssert.Close(expected, averaged, atol: 1e-6, rtol: 1e-6);
        Assert.True((averaged - model.forward(image)).abs().max().item<float>() > 1e-3, "the model is not mirror-symmetric, so flipping must change the scores");
    }

    [Fact]
    public void MultiScaleAveragingResizesEachViewsScoresBackAndAveragesThem()
    {
        using var scope = NewDisposeScope();
        var (model, segmenter) = ConvolutionSegmenter();
        var image = Image(12, 16);

        var averaged = segmenter.Predict(image, new InferenceOptions { Scales = [0.5, 1.0], Flip = true, AverageProbabilities = true });

        var half = nn.functional.interpolate(image, size: [6, 8], mode: SegGen.Torch.InterpolationMode.Bilinear, align_corners: false);
        Tensor Up(Tensor scores) => nn.functional.interpolate(scores, size: [12, 16], mode: SegGen.Torch.InterpolationMode.Bilinear, align_corners: false);
        var views = new[]
        {
            Up(model.forward(half).softmax(1)), Up(model.forward(half.flip(3)).softmax(1).flip(3)),
            model.forward(image).softmax(1), model.forward(image.flip(3)).softmax(1).flip(3),
        };
        TensorAssert.Close((views[0] + views[1] + views[2] + views[3]) / 4, averaged, atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void MonteCarloDropoutWithoutDroppingHasNoVariance()
    {
        using var scope = NewDisposeScope();
        var segmenter = DropoutSegmenter(p: 0);

        using var uncertainty = segmenter.Sample(Image(10, 12), samples: 4, InferenceOptions.Default);

        Assert.Equal([1, 10, 12], uncertainty.Variance.shape);
        Assert.Equal(0f, uncertainty.Variance.abs().max().item<float>());
        TensorAssert.Close(ones(1, 10, 12), uncertainty.Mean.sum(1), atol: 1e-5);
    }

    [Fact]
    public void MonteCarloDropoutSamplesDifferAndTheirVarianceIsPositive()
    {
        using var scope = NewDisposeScope();
        var segmenter = DropoutSegmenter(p: 0.5);
        var image = Image(10, 12);

        using var uncertainty = segmenter.Sample(image, samples: 8, InferenceOptions.Default);

        Assert.True(uncertainty.Variance.min().item<float>() >= 0);
        Assert.True(uncertainty.Variance.mean().item<float>() > 1e-4, $"mean variance {uncertainty.Variance.mean().item<float>()}");
        TensorAssert.Close(ones(1, 10, 12), uncertainty.Mean.sum(1), atol: 1e-5);
        // Sampling ends with the model back in plain eval mode: predictions are deterministic again.
        TensorAssert.Equal(segmenter.Predict(image, InferenceOptions.Default), segmenter.Predict(image, InferenceOptions.Default));
    }

    [Fact]
    public void SamplingDropoutKeepsDropoutOnInEvalModeAndOnlyDropout()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var dropout = nn.Dropout(0.5);
        var norm = nn.BatchNorm2d(3);
        var model = nn.Sequential(norm, dropout);
        model.eval();
        var x = ones(2, 3, 4, 4);

        TensorAssert.Equal(x, dropout.forward(x));
        model.sample_dropout();
        Assert.True(dropout.dropout_active);
        Assert.False(norm.training);
        Assert.Equal(0f, dropout.forward(x).min().item<float>());
        model.sample_dropout(false);
        TensorAssert.Equal(x, dropout.forward(x));
    }

    /// <summary>One 3×3 convolution: it sees its neighbours and is not mirror-symmetric.</summary>
    private static (nn.Module<Tensor, Tensor> Model, Segmenter Segmenter) ConvolutionSegmenter()
    {
        manual_seed(7);
        var model = nn.Conv2d(3, 4, 3, padding: 1);
        return (model, new Segmenter(model, model.forward, AnySize));
    }

    private static Segmenter DropoutSegmenter(double p)
    {
        manual_seed(7);
        var model = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.ReLU(), nn.Dropout(p), nn.Conv2d(8, 4, 1));
        return new Segmenter(model, model.forward, AnySize);
    }

    /// <summary>A model that works only on multiples of 8 (it pools 8× and upsamples back) and records the inputs it got.</summary>
    private static (nn.Module<Tensor, Tensor> Model, List<Tensor> Seen) StrictModel()
    {
        manual_seed(7);
        var seen = new List<Tensor>();
        var body = nn.Sequential(nn.Conv2d(3, 4, 1), nn.MaxPool2d(8), nn.Upsample(scale_factor: [8.0]));
        return (new Recording(body, seen), seen);
    }

    private static long RoundUp(long size) => (size + 7) / 8 * 8;

    private sealed class Recording : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> body;
        private readonly List<Tensor> seen;

        public Recording(nn.Module<Tensor, Tensor> body, List<Tensor> seen) : base(nameof(Recording))
        {
            this.body = register_module("body", body);
            this.seen = seen;
        }

        public override Tensor forward(Tensor input)
        {
            if (input.size(2) % 8 != 0 || input.size(3) % 8 != 0) throw new ArgumentException($"size {input.size(2)}×{input.size(3)} is not a multiple of 8");
            // A copy outside every dispose scope: the padded input is freed when inference returns.
            seen.Add(input.clone().DetachFromDisposeScope());
            return body.forward(input);
        }
    }
}
