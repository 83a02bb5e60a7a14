using System.Linq.Expressions;

namespace Saas.Storage.Internal;

/// <summary>
/// Evaluates, in process, every part of a filter that does not depend on the document: <c>x =&gt; x.Key ==
/// id.ToString("N")</c> becomes <c>x =&gt; x.Key == "…"</c>. A query translator cannot run a method call on a captured
/// value (the former LiteDB adapter silently matched nothing); with the value computed first, both adapters see a constant.
/// </summary>
internal static class LocalEvaluation
{
    public static Expression<Func<T, TResult>> Apply<T, TResult>(Expression<Func<T, TResult>> expression)
    {
        var body = new Evaluator().Visit(expression.Body)!;
        return ReferenceEquals(body, expression.Body) ? expression : expression.Update(body, expression.Parameters);
    }

    private sealed class Evaluator : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node)
        {
            if (node is null or ConstantExpression or ParameterExpression or LambdaExpression || DependsOnDocument(node))
            {
                return base.Visit(node);
            }

            var value = Expression.Lambda(node).Compile(preferInterpretation: true).DynamicInvoke();
            return Expression.Constant(value, node.Type);
        }

        // Any parameter counts: the document's, or a nested lambda's (e.g. inside Any), which cannot be evaluated alone.
        private static bool DependsOnDocument(Expression node)
        {
            var finder = new ParameterFinder();
            finder.Visit(node);
            return finder.Found;
        }
    }

    private sealed class ParameterFinder : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found = true;
            return node;
        }
    }
}
