using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Saas.ServiceDefaults.Errors;

/// <summary>
/// The <see cref="ProblemDetails"/> schema of the OpenAPI documents, completed with the members every error body carries
/// (see <see cref="ErrorResults"/>): <c>error</c>, always, and <c>field</c> when one field is at fault.
/// </summary>
internal static class ProblemSchema
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(ProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[ErrorResults.ErrorMember] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The human message (saasbackend's data.error).",
            };
            schema.Properties[ErrorResults.FieldMember] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The JSON name of the field at fault, when one is.",
            };
            schema.Required ??= new HashSet<string>();
            schema.Required.Add(ErrorResults.ErrorMember);
        }

        return Task.CompletedTask;
    }
}
